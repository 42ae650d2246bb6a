using AlexNetMl.Pipeline.Data;
using AlexNetMl.Tests.Infrastructure;
using AlexNetMl.Training.Data;

namespace AlexNetMl.Tests.Training.Data;

[TestClass]
public sealed class AugmentationTests
{
    private static float[] Batch(int count) => Enumerable.Range(0, count).SelectMany(i => SharedData.Train.Image(i).ToArray().Select(b => b / 255f)).ToArray();

    [TestMethod]
    public void Apply_IsDeterministicForSeedEpochAndBatch()
    {
        float[] a = Batch(16), b = Batch(16), c = Batch(16);
        Augmentation.Apply(a, 16, seed: 3, epoch: 2, batch: 5);
        Augmentation.Apply(b, 16, seed: 3, epoch: 2, batch: 5);
        Augmentation.Apply(c, 16, seed: 3, epoch: 2, batch: 6);
        CollectionAssert.AreEqual(a, b);
        CollectionAssert.AreNotEqual(a, c, "another batch draws other flips and shifts");
    }

    [TestMethod]
    public void Apply_ChangesPixels()
    {
        float[] original = Batch(16), augmented = Batch(16);
        Augmentation.Apply(augmented, 16, seed: 1, epoch: 1, batch: 0);
        Assert.IsGreaterThan(8, Enumerable.Range(0, 16).Count(i => !original.AsSpan(i * 784, 784).SequenceEqual(augmented.AsSpan(i * 784, 784))), "most images move");
    }

    [TestMethod]
    public void Flip_TwiceIsTheIdentity()
    {
        float[] image = Batch(1), once = new float[784], twice = new float[784];
        Augmentation.Transform(image, once, flip: true, dx: 0, dy: 0);
        Augmentation.Transform(once, twice, flip: true, dx: 0, dy: 0);
        CollectionAssert.AreEqual(image, twice);
        CollectionAssert.AreNotEqual(image, once);
        Assert.AreEqual(image[(5 * 28) + 3], once[(5 * 28) + 24], "pixel (3, 5) lands at (24, 5)");
    }

    [TestMethod]
    public void Shift_MovesPixelsAndFillsWithTheBlackBackground()
    {
        float[] image = Batch(1), shifted = new float[784];
        Augmentation.Transform(image, shifted, flip: false, dx: 2, dy: -1);
        Assert.AreEqual(image[(10 * 28) + 10], shifted[(9 * 28) + 12]);
        Assert.AreEqual(0f, shifted[(27 * 28) + 5], "the vacated bottom row is black");
        Assert.AreEqual(0f, shifted[(5 * 28) + 0], "the vacated left column is black");
    }

    [TestMethod]
    public void Batches_KeepTheirLabels()
    {
        var upsampler = new BatchUpsampler(SharedData.Train, AlexNetMl.Training.Models.ModelCatalog.Get(AlexNetMl.Contract.Model.ModelKind.LeNet).Contract, TorchSharp.torch.CPU, 32);
        int[] indices = Enumerable.Range(100, 32).ToArray();
        using var scope = TorchSharp.torch.NewDisposeScope();
        (TorchSharp.torch.Tensor plain, TorchSharp.torch.Tensor plainLabels) = upsampler.Batch(indices);
        long[] expected = plainLabels.data<long>().ToArray();
        (TorchSharp.torch.Tensor augmented, TorchSharp.torch.Tensor labels) = upsampler.Batch(indices, (7, 1, 3));
        CollectionAssert.AreEqual(expected, labels.data<long>().ToArray());
        CollectionAssert.AreEqual(indices.Select(i => (long)SharedData.Train.Label(i)).ToArray(), expected);
        Assert.IsFalse(plain.eq(augmented).all().item<bool>(), "the pixels changed");
        Assert.AreEqual(FashionMnistImage.Side, (int)augmented.shape[3], "LeNet's input stays 28×28");
    }
}
