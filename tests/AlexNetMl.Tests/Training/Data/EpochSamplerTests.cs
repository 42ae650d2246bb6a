using AlexNetMl.Training.Data;

namespace AlexNetMl.Tests.Training.Data;

[TestClass]
public sealed class EpochSamplerTests
{
    [TestMethod]
    public void Epochs_ShorterThanAPassSeeOnlyDistinctImages_RegressionForRedrawnEpochs()
    {
        var sampler = new EpochSampler(60_000, seed: 42);
        int[] all = Enumerable.Range(0, 5).SelectMany(epoch => sampler.Slice(epoch * 12_000L, 12_000)).ToArray();
        Assert.AreEqual(60_000, all.Distinct().Count(), "five epochs of 12,000 are one pass over the 60,000 images");
    }

    [TestMethod]
    public void Epochs_LongerThanAPassSpanTwoShuffles()
    {
        var sampler = new EpochSampler(100, seed: 1);
        int[] first = sampler.Slice(0, 70);
        int[] second = sampler.Slice(70, 70);
        Assert.AreEqual(70, first.Distinct().Count());
        CollectionAssert.AreEquivalent(Enumerable.Range(0, 100).Except(first).ToArray(), second[..30], "epoch 2 finishes the first pass");
        Assert.AreEqual(40, second[30..].Distinct().Count(), "then starts the second");
    }

    [TestMethod]
    public void Slice_IsTheSameForTheSameSeedAndPosition() =>
        CollectionAssert.AreEqual(new EpochSampler(500, 9).Slice(128, 64), new EpochSampler(500, 9).Slice(128, 64));

    [TestMethod]
    public void Slice_LengthenedOrShortenedKeepsItsFirstImages()
    {
        // A re-plan changes an epoch's length mid-epoch: the images it already trained on must be the same.
        var sampler = new EpochSampler(1_000, seed: 3);
        int[] planned = sampler.Slice(300, 400);
        CollectionAssert.AreEqual(planned[..96], sampler.Slice(300, 96));
        CollectionAssert.AreEqual(planned, sampler.Slice(300, 640)[..400]);
    }

    // The per-process bug this pins: the pass seed came from HashCode.Combine, which .NET randomises per process, so
    // a run resumed in a new process shuffled differently. Plain arithmetic has one answer everywhere, worked by hand:
    // 9 × 1,000,003 + 0 + 1 and 9 × 1,000,003 + 2 + 1. (TrainingProcessTests resumes in a new process end to end.)
    [TestMethod]
    public void PassSeed_IsTheSameInEveryProcess_RegressionForTheHashCodeSeed()
    {
        Assert.AreEqual(9_000_028, EpochSampler.PassSeed(9, 0));
        Assert.AreEqual(9_000_030, EpochSampler.PassSeed(9, 2));
    }
}
