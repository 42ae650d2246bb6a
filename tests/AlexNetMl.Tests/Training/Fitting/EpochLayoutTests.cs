using AlexNetMl.Training.Fitting;

namespace AlexNetMl.Tests.Training.Fitting;

[TestClass]
public sealed class EpochLayoutTests
{
    [TestMethod]
    public void Uniform_CountsStepsWithTheLastSmallerBatchOfAWholePass()
    {
        var layout = EpochLayout.Uniform(epochs: 2, imagesPerEpoch: 100, batchSize: 32, datasetSize: 100);
        Assert.AreEqual(200L, layout.TotalImages);
        Assert.AreEqual(8L, layout.TotalSteps, "4 batches per epoch: 32, 32, 32, 4");
        Assert.AreEqual(100L, layout.StartOf(2));
        Assert.AreEqual(4L, layout.StepsBefore(2));
    }

    [TestMethod]
    public void Refit_Shorter_KeepsEarlierEpochsAndTheTrainedBatchesAndSharesTheRestEvenly()
    {
        // 5 epochs of 640 images in batches of 64; at epoch 2 with 3 batches trained, shorten to 2,000 images in all.
        var layout = EpochLayout.Uniform(5, 640, 64, 60_000);
        EpochLayout refit = layout.Refit(epoch: 2, batchesDone: 3, totalImages: 2_000);

        Assert.AreEqual(5, refit.Epochs, "the epoch count stays");
        Assert.AreEqual(640, refit.ImagesIn(1), "the trained epoch stays");
        // 2,000 - 640 = 1,360 left for 4 epochs: 340 each, in whole batches 320.
        CollectionAssert.AreEqual(new[] { 640, 320, 320, 320, 384 }, refit.ImagesPerEpoch.ToArray());
        Assert.AreEqual(1_984L, refit.TotalImages, "whole batches, within a batch of the target");
    }

    [TestMethod]
    public void Refit_NeverCutsTheCurrentEpochBelowWhatItTrainedAndOneMoreBatch()
    {
        var layout = EpochLayout.Uniform(2, 640, 64, 60_000);
        EpochLayout refit = layout.Refit(epoch: 1, batchesDone: 8, totalImages: 100);
        Assert.AreEqual(576, refit.ImagesIn(1), "8 batches trained and one more");
        Assert.AreEqual(64, refit.ImagesIn(2), "and at least one batch for the epoch left");
    }

    [TestMethod]
    public void Refit_LongerThanThePassesLeftAddsEpochsOfAtMostOnePass()
    {
        var layout = EpochLayout.Uniform(2, 500, 50, 1_000);
        EpochLayout refit = layout.Refit(epoch: 2, batchesDone: 1, totalImages: 3_500);
        // 3,000 images left after epoch 1 need 3 epochs of at most one pass: 1,000 each.
        CollectionAssert.AreEqual(new[] { 500, 1_000, 1_000, 1_000 }, refit.ImagesPerEpoch.ToArray());
        Assert.AreEqual(500L, refit.StartOf(2), "the current epoch starts where it started, so its first batch stays the same images");
    }
}
