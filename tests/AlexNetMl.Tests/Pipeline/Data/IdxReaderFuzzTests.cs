using AlexNetMl.Pipeline.Data;
using AlexNetMl.Tests.Infrastructure;

namespace AlexNetMl.Tests.Pipeline.Data;

[TestClass]
public sealed class IdxReaderFuzzTests
{
    [TestMethod]
    public void MutatedIdxFiles_FailOnlyWithIdxFormatExceptionAndBoundedMemory()
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        byte[] images = IdxWriter.Images(6);
        byte[] labels = IdxWriter.Labels([1, 2, 3, 4, 5, 6]);
        int rejected = 0;
        void Read(byte[] bytes, bool gzip, bool imagesFile)
        {
            string path = temp.File((imagesFile ? "t10k-images-idx3-ubyte" : "t10k-labels-idx1-ubyte") + (gzip ? ".gz" : string.Empty));
            File.WriteAllBytes(path, gzip ? IdxWriter.Gzip(bytes) : bytes);
            long before = GC.GetAllocatedBytesForCurrentThread();
            try
            {
                _ = imagesFile ? IdxReader.ReadImages(path, verifyChecksum: false).Pixels : IdxReader.ReadLabels(path, verifyChecksum: false);
            }
            catch (IdxFormatException)
            {
                rejected++;
            }

            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.IsLessThan(16L << 20, allocated, $"{allocated:N0} bytes allocated for a {bytes.Length}-byte file");
        }

        Fuzz.Check(Fuzz.Mutations(images), bytes => Read(bytes, gzip: false, imagesFile: true));
        Fuzz.Check(Fuzz.Mutations(labels, header: 8), bytes => Read(bytes, gzip: true, imagesFile: false));
        Fuzz.Check(Fuzz.Mutations(IdxWriter.Gzip(images), header: 24), bytes =>
        {
            string path = temp.File("t10k-images-idx3-ubyte.gz");
            File.WriteAllBytes(path, bytes);
            try
            {
                IdxReader.ReadImages(path, verifyChecksum: false);
            }
            catch (IdxFormatException)
            {
                rejected++;
            }
        });
        Assert.IsGreaterThan(0, rejected, "the mutations do reach the checks");
    }

    [TestMethod]
    public void GzipBomb_UnderACanonicalNameFailsWithoutInflatingPastTheRealSize_Regression()
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        string path = temp.File("t10k-labels-idx1-ubyte.gz");
        // A valid header for 10,000 labels, then 256 MB of zeros: 263 KB compressed.
        using (FileStream file = File.Create(path))
        using (var gzip = new System.IO.Compression.GZipStream(file, System.IO.Compression.CompressionLevel.Fastest))
        {
            gzip.Write(IdxWriter.Labels(new byte[10_000]));
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 256; i++)
            {
                gzip.Write(zeros);
            }
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.ThrowsExactly<IdxFormatException>(() => IdxReader.ReadLabels(path, verifyChecksum: false));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Contains("more than the 10,008 bytes its header promises", error.Message);
        Assert.IsLessThan(4L << 20, allocated, $"allocated {allocated:N0} bytes");

        File.WriteAllBytes(temp.File("train-images-idx3-ubyte"), IdxWriter.Images(1, claimedCount: 60_001));
        var claim = Assert.ThrowsExactly<IdxFormatException>(() => IdxReader.ReadImages(temp.File("train-images-idx3-ubyte"), verifyChecksum: false));
        Assert.Contains("the Fashion-MNIST file of this name holds 60,000", claim.Message);
    }
}
