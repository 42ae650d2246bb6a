using AlexNetMl.Contract.Runs;
using AlexNetMl.Training.Fitting;

namespace AlexNetMl.Tests.Training.Fitting;

[TestClass]
public sealed class LearningRatesTests
{
    [TestMethod]
    public void Constant_IsThePeakThroughout() =>
        Assert.IsTrue(Enumerable.Range(0, 50).All(step => LearningRates.At(step, 50, 0.01, LrSchedule.Constant, 0) == 0.01));

    [TestMethod]
    public void Warmup_RisesLinearlyToThePeak()
    {
        Assert.AreEqual(0.01, LearningRates.At(0, 100, 0.1, LrSchedule.Cosine, 0.1), 1e-12, "step 1 of 10 warm-up steps");
        Assert.AreEqual(0.05, LearningRates.At(4, 100, 0.1, LrSchedule.Cosine, 0.1), 1e-12);
        Assert.AreEqual(0.1, LearningRates.At(10, 100, 0.1, LrSchedule.Cosine, 0.1), 1e-12, "the first step after warm-up is at the peak");
    }

    [TestMethod]
    public void Cosine_ReachesHalfwayAtTheMiddleAndNearZeroAtTheEnd()
    {
        Assert.AreEqual(0.05, LearningRates.At(50, 100, 0.1, LrSchedule.Cosine, 0), 1e-12, "cos(π/2): half the peak");
        double last = LearningRates.At(99, 100, 0.1, LrSchedule.Cosine, 0);
        Assert.AreEqual(0.1 * 0.5 * (1 + Math.Cos(Math.PI * 0.99)), last, 1e-15);
        Assert.IsLessThan(0.0003, last);
    }
}
