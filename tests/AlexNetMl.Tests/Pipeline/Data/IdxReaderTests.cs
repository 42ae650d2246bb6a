using AlexNetMl.Pipeline.Data;
using AlexNetMl.Tests.Infrastructure;

namespace AlexNetMl.Tests.Pipeline.Data;

[TestClass]
public sealed class IdxReaderTests
{
    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public void ReadImagesAndLabels_RoundTripKnownBytes(bool gzip)
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        byte[] pixels = Enumerable.Range(0, 3 * 784).Select(i => (byte)(i % 251)).ToArray();
        byte[] labels = [9, 0, 4];
        IdxWriter.WriteSplit(temp.Path, "t10k", pixels, labels, gzip);

        FashionMnistDataset dataset = FashionMnistDataset.Load(temp.Path, FashionMnistSplit.Test, verifyChecksums: false);

        Assert.AreEqual(3, dataset.Count);
        CollectionAssert.AreEqual(pixels, dataset.Pixels.ToArray());
        CollectionAssert.AreEqual(labels, dataset.Labels.ToArray());
        CollectionAssert.AreEqual(pixels[784..1568], dataset.Image(1).ToArray());
    }

    [TestMethod]
    public void ReadImages_RejectsWrongMagic()
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        string path = temp.File("images-idx3-ubyte");
        File.WriteAllBytes(path, IdxWriter.Images(2, magic: 2049));
        var error = Assert.ThrowsExactly<IdxFormatException>(() => IdxReader.ReadImages(path));
        Assert.AreEqual("images-idx3-ubyte: magic number 2049 marks a labels file; an images file starts with 2051", error.Message);

        File.WriteAllBytes(path, IdxWriter.Images(2, magic: 1234));
        error = Assert.ThrowsExactly<IdxFormatException>(() => IdxReader.ReadImages(path));
        Assert.Contains("magic number 1234 is not an IDX images file", error.Message);
    }

    [TestMethod]
    public void ReadLabels_RejectsWrongMagic()
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        string path = temp.File("labels");
        File.WriteAllBytes(path, IdxWriter.Labels([1, 2], magic: 2051));
        var error = Assert.ThrowsExactly<IdxFormatException>(() => IdxReader.ReadLabels(path));
        Assert.Contains("marks an images file", error.Message);
    }

    [TestMethod]
    public void ReadImages_RejectsImagesThatAreNot28By28()
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        string path = temp.File("images");
        File.WriteAllBytes(path, IdxWriter.Images(2, rows: 32, columns: 32));
        var error = Assert.ThrowsExactly<IdxFormatException>(() => IdxReader.ReadImages(path));
        Assert.AreEqual("images: images are 32×32; Fashion-MNIST images are 28×28", error.Message);
    }

    [TestMethod]
    public void Load_RejectsDifferentImageAndLabelCounts()
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        File.WriteAllBytes(temp.File("t10k-images-idx3-ubyte"), IdxWriter.Images(3));
        File.WriteAllBytes(temp.File("t10k-labels-idx1-ubyte"), IdxWriter.Labels([1, 2]));
        var error = Assert.ThrowsExactly<IdxFormatException>(() => FashionMnistDataset.Load(temp.Path, FashionMnistSplit.Test, verifyChecksums: false));
        Assert.AreEqual("t10k-labels-idx1-ubyte: 2 labels but 3 images in t10k-images-idx3-ubyte", error.Message);
    }

    [TestMethod]
    public void ReadImages_RejectsATruncatedFile()
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        string path = temp.File("images");
        File.WriteAllBytes(path, IdxWriter.Images(2)[..1000]);
        var error = Assert.ThrowsExactly<IdxFormatException>(() => IdxReader.ReadImages(path));
        Assert.AreEqual("images: file holds 1,000 bytes but its header promises 1,584; it is truncated", error.Message);
    }

    [TestMethod]
    public void ReadImages_RejectsATruncatedHeader()
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        string path = temp.File("images");
        File.WriteAllBytes(path, IdxWriter.Images(1)[..10]);
        var error = Assert.ThrowsExactly<IdxFormatException>(() => IdxReader.ReadImages(path));
        Assert.Contains("inside the 16-byte IDX header", error.Message);
    }

    [TestMethod]
    public void ReadLabels_RejectsTrailingBytes()
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        string path = temp.File("labels");
        File.WriteAllBytes(path, [.. IdxWriter.Labels([1, 2]), 7]);
        var error = Assert.ThrowsExactly<IdxFormatException>(() => IdxReader.ReadLabels(path));
        Assert.AreEqual("labels: file holds more than the 10 bytes its header promises", error.Message);
    }

    [TestMethod]
    public void ReadLabels_RejectsLabelsOutside0To9()
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        string path = temp.File("labels");
        File.WriteAllBytes(path, IdxWriter.Labels([1, 2, 10]));
        var error = Assert.ThrowsExactly<IdxFormatException>(() => IdxReader.ReadLabels(path));
        Assert.AreEqual("labels: label 10 at index 2 is outside 0–9", error.Message);
    }

    [TestMethod]
    public void ReadImages_DoesNotAllocateFromAHeaderClaimingHugeCounts()
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        string path = temp.File("images");
        File.WriteAllBytes(path, IdxWriter.Images(1, claimedCount: int.MaxValue));
        var error = Assert.ThrowsExactly<IdxFormatException>(() => IdxReader.ReadImages(path));
        Assert.Contains("more than one array can hold", error.Message);

        // 2,000,000 images (1.5 GB) claimed by a 800-byte file: fails on the data, having allocated little.
        File.WriteAllBytes(path, IdxWriter.Images(1, claimedCount: 2_000_000));
        long before = GC.GetAllocatedBytesForCurrentThread();
        error = Assert.ThrowsExactly<IdxFormatException>(() => IdxReader.ReadImages(path));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Contains("it is truncated", error.Message);
        Assert.IsLessThan(8L << 20, allocated, $"allocated {allocated:N0} bytes for a header's claim");
    }

    [TestMethod]
    public void ReadImages_RejectsCorruptGzip()
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        string path = temp.File("images.gz");
        byte[] gzip = IdxWriter.Gzip(IdxWriter.Images(4));
        for (int i = 20; i < gzip.Length - 8; i += 3)
        {
            gzip[i] ^= 0x5A;
        }

        File.WriteAllBytes(path, gzip);
        var error = Assert.ThrowsExactly<IdxFormatException>(() => IdxReader.ReadImages(path));
        StringAssert.StartsWith(error.Message, "images.gz: ");
    }

    [TestMethod]
    public void ReadLabels_RejectsAKnownFileWhoseChecksumDiffers()
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        string path = temp.File("t10k-labels-idx1-ubyte");
        File.WriteAllBytes(path, IdxWriter.Labels([1, 2, 3]));
        var error = Assert.ThrowsExactly<IdxFormatException>(() => IdxReader.ReadLabels(path));
        Assert.Contains("SHA-256 of the contents is", error.Message);
        Assert.Contains(IdxReader.KnownSha256["t10k-labels-idx1-ubyte"], error.Message);

        // The same bytes under an unknown name are accepted: only the original files have known digests.
        string other = temp.File("my-labels");
        File.Copy(path, other);
        Assert.HasCount(3, IdxReader.ReadLabels(other));
    }

    [TestMethod]
    public void Load_ReportsAMissingFile()
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        var error = Assert.ThrowsExactly<IdxFormatException>(() => FashionMnistDataset.Load(temp.Path, FashionMnistSplit.Train));
        Assert.Contains("neither train-images-idx3-ubyte.gz nor train-images-idx3-ubyte exists", error.Message);
    }

    [TestMethod]
    public void Load_ReadsTheShippedFilesWithTheKnownLabelHistogram()
    {
        FashionMnistDataset train = FashionMnistDataset.Load(TestPaths.DataDirectory, FashionMnistSplit.Train);
        FashionMnistDataset test = FashionMnistDataset.Load(TestPaths.DataDirectory, FashionMnistSplit.Test);

        Assert.AreEqual(60_000, train.Count);
        Assert.AreEqual(10_000, test.Count);
        CollectionAssert.AreEqual(Enumerable.Repeat(6_000, 10).ToArray(), Histogram(train));
        CollectionAssert.AreEqual(Enumerable.Repeat(1_000, 10).ToArray(), Histogram(test));
        Assert.AreEqual(9, test.Label(0), "the first test image is an ankle boot");
    }

    [TestMethod]
    public void ClassNames_AreTheTenFashionMnistClassesInLabelOrder()
    {
        Assert.HasCount(FashionMnistClasses.Count, FashionMnistClasses.Names);
        Assert.AreEqual("T-shirt/top", FashionMnistClasses.Names[0]);
        Assert.AreEqual("Ankle boot", FashionMnistClasses.Names[9]);
    }

    private static int[] Histogram(FashionMnistDataset dataset)
    {
        int[] counts = new int[10];
        foreach (byte label in dataset.Labels.Span)
        {
            counts[label]++;
        }

        return counts;
    }
}
