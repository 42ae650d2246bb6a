using AlexNetMl.Bench.Recipes;
using AlexNetMl.Contract.Runs;

namespace AlexNetMl.Tests.Bench;

[TestClass]
public sealed class RecipeResultTests
{
    private static RecipeResult Tried(params double[] accuracies) => new("q", "c", new TrainingConfig(), accuracies, TrainLoss: 0, Seconds: 0, Kept: false);

    [TestMethod]
    public void MeanAndSpread_AreOverTheSeeds()
    {
        RecipeResult result = Tried(0.84, 0.85);
        Assert.AreEqual(0.845, result.Mean, 1e-12);
        Assert.AreEqual(0.01, result.Spread, 1e-12);
    }

    [TestMethod]
    [DataRow(0.850, 0.852, 0.844, 0.846, true, DisplayName = "mean +0.6 points, spreads 0.2: kept")]
    [DataRow(0.848, 0.856, 0.844, 0.846, false, DisplayName = "mean +0.7 points, its own spread 0.8: one seed's luck")]
    [DataRow(0.850, 0.852, 0.836, 0.850, false, DisplayName = "mean +0.8 points, the best's spread 1.4: the best was unlucky")]
    [DataRow(0.851, 0.851, 0.850, 0.850, true, DisplayName = "+0.1 point over no spread at all: kept")]
    [DataRow(0.850, 0.850, 0.850, 0.850, false, DisplayName = "a tie is not a gain")]
    public void Beats_OnlyByMoreThanTheLargerSeedSpread(double a1, double a2, double b1, double b2, bool beats) =>
        Assert.AreEqual(beats, Tried(a1, a2).Beats(Tried(b1, b2)));

    [TestMethod]
    public void Beats_NeverWhenASeedDiverged_HoweverTheOtherDid()
    {
        var diverged = new RecipeResult("q", "c", new TrainingConfig(), [0.99, 0.99], TrainLoss: 0, Seconds: 0, Kept: false, Diverged: [false, true]);
        Assert.IsFalse(diverged.Beats(Tried(0.5, 0.5)));
        Assert.IsTrue(Tried(0.99, 0.99).Beats(Tried(0.5, 0.5)), "the same figures without a divergence would win");
    }
}
