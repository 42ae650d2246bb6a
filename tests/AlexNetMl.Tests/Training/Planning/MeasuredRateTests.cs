using AlexNetMl.Training.Planning;

namespace AlexNetMl.Tests.Training.Planning;

[TestClass]
public sealed class MeasuredRateTests
{
    [TestMethod]
    public void Of_IsTheMedianRoundAndTheRoundsRangeOverIt()
    {
        MeasuredRate rate = MeasuredRate.Of([12, 10, 11]);
        Assert.AreEqual(11, rate.PerSecond);
        Assert.AreEqual(2 / 11.0, rate.Spread, 1e-15);
    }

    [TestMethod]
    public void Of_OneSlowRoundDoesNotMoveTheRateButWidensTheSpread()
    {
        MeasuredRate rate = MeasuredRate.Of([80, 40, 82]);
        Assert.AreEqual(80, rate.PerSecond);
        Assert.AreEqual(42 / 80.0, rate.Spread, 1e-15);
    }

    [TestMethod]
    public void Of_AnEvenNumberOfRoundsTakesTheMiddlePairsMean() =>
        Assert.AreEqual(15, MeasuredRate.Of([10, 20, 12, 18]).PerSecond);
}
