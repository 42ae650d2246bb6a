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

    [TestMethod]
    public void OfRounds_RunsTheMinimumRoundsWhenTheyAlreadyTakeTheMinimumTime()
    {
        int calls = 0;
        MeasuredRate rate = MeasuredRate.OfRounds(() => { calls++; return (192, 10); }, minimumRounds: 3, minimumSeconds: 5);
        Assert.AreEqual(3, calls);
        Assert.AreEqual(19.2, rate.PerSecond, 1e-12);
    }

    [TestMethod]
    public void OfRounds_GoesOnUntilTheRoundsTakeTheMinimumTime()
    {
        int calls = 0;
        _ = MeasuredRate.OfRounds(() => { calls++; return (192, 2); }, minimumRounds: 3, minimumSeconds: 15);
        Assert.AreEqual(8, calls, "7 rounds of 2 s are 14 s, short of 15; the 8th reaches 16.");
    }

    // The rates of 3-second rounds on the family 26 host, whose speed swung in phases: the first three alone gave 57
    // images/s where training then ran at 80; seven rounds (21 s for a 20 s minimum) reach into the fast phase.
    [TestMethod]
    public void OfRounds_TakesTheMedianAndSpreadOfEveryRound()
    {
        double[] rates = [60, 55, 57, 76, 83, 84, 71, 54];
        int next = 0;
        MeasuredRate rate = MeasuredRate.OfRounds(() => (rates[next++] * 3, 3), minimumRounds: 3, minimumSeconds: 20);
        Assert.AreEqual(7, next);
        Assert.AreEqual(71, rate.PerSecond, 1e-12);
        Assert.AreEqual((84 - 55) / 71.0, rate.Spread, 1e-12);
    }

    [TestMethod]
    public void OfRounds_RefusesARoundThatTookNoTime() =>
        Assert.ThrowsExactly<ArgumentException>(() => MeasuredRate.OfRounds(() => (192, 0), minimumRounds: 3, minimumSeconds: 1));
}
