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

    [TestMethod]
    public void Refit_IsContinuousAtTheRePlanAndEndsAtTheMinimumOnTheNewLastStep()
    {
        // Planned 100 steps, re-planned at step 40 to 70 (shorter) and at step 60 to 90 (longer again).
        LrRefit[] refits = [new(40, 70), new(60, 90)];
        double Rate(long step) => LearningRates.At(step, 100, 0.1, LrSchedule.Cosine, 0.05, refits);

        Assert.AreEqual(LearningRates.At(39, 100, 0.1, LrSchedule.Cosine, 0.05), Rate(39), "before the first re-plan, the planned schedule");
        Assert.AreEqual(LearningRates.At(40, 100, 0.1, LrSchedule.Cosine, 0.05), Rate(40), 1e-15, "at the re-plan, the rate it would have had: no jump");
        // Progress at 60 under the first refit, p = 0.368421 + 0.631579 × 20/30 = 0.789474: the rate at step 60 is the same under both fits.
        Assert.AreEqual(0.1 * 0.5 * (1 + Math.Cos(Math.PI * (7 / 19.0 + (12 / 19.0 * 20 / 30)))), Rate(60), 1e-15);
        double largestStep = Enumerable.Range(6, 84).Max(step => Math.Abs(Rate(step) - Rate(step - 1)));
        Assert.IsLessThan(0.1 * Math.PI / 2 / 30, largestStep, "past the warm-up, no step changes the rate by more than the steepest cosine step of the shortest fit");
        Assert.AreEqual(0, Rate(90), 1e-15, "the new end is the minimum");
        Assert.IsTrue(Enumerable.Range(41, 49).All(step => Rate(step) < Rate(step - 1)), "and the rate falls all the way there");
    }

    [TestMethod]
    public void Refit_DuringTheWarmupKeepsTheWarmupAndDecaysToTheNewEnd()
    {
        LrRefit[] refits = [new(3, 50)];
        Assert.AreEqual(0.05, LearningRates.At(4, 100, 0.1, LrSchedule.Cosine, 0.1, refits), 1e-12, "step 5 of the 10 planned warm-up steps");
        Assert.AreEqual(0.05, LearningRates.At(30, 100, 0.1, LrSchedule.Cosine, 0.1, refits), 1e-12, "halfway from step 10 to step 50");
    }
}
