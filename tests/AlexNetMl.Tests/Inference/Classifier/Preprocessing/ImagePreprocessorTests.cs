using AlexNetMl.Inference.Classification;
using AlexNetMl.Inference.Preprocessing;
using AlexNetMl.Tests.Infrastructure;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp;

namespace AlexNetMl.Tests.Inference.Preprocessing;

[TestClass]
public sealed class ImagePreprocessorTests
{
    private static readonly Lazy<FashionClassifier> SharedClassifier = new(() => new FashionClassifier(new FashionClassifierOptions { ModelPath = TrainedPipeline.ModelZip }));

    [TestMethod]
    public void FromFile_RejectsAnEmptyFile()
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        string path = temp.File("empty.png");
        File.WriteAllBytes(path, []);
        AssertRejected(path, "the file is empty");
    }

    [TestMethod]
    public void FromFile_RejectsATextFileRenamedPng()
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        string path = temp.File("notes.png");
        File.WriteAllText(path, "not an image at all");
        AssertRejected(path, "not an image format ImageSharp can decode");
    }

    [TestMethod]
    public void FromFile_RejectsATruncatedPng()
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        string path = temp.File("truncated.png");
        using (var image = new Image<Rgb24>(64, 64, new Rgb24(10, 200, 30)))
        {
            for (int i = 0; i < 64; i++)
            {
                image[i, i] = new Rgb24((byte)(i * 4), 0, 255);
            }

            image.SaveAsPng(path);
        }

        byte[] bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        AssertRejected(path, "cannot be decoded");
    }

    [TestMethod]
    public void FromFile_RejectsA1By100000ImageBeforeDecodingIt()
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        string path = temp.File("tall.png");
        using (var image = new Image<L8>(1, 100_000))
        {
            image.SaveAsPng(path);
        }

        AssertRejected(path, "1×100,000 pixels is outside the 1×1 to 8,192×8,192 limit");
    }

    [TestMethod]
    public void FromFile_RejectsAFileOverTheSizeLimit()
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        string path = TestImages.SaveTestImagePng(temp.File("big.png"), 0);

        var preprocessor = new ImagePreprocessor(new ImagePreprocessorOptions { MaxBytes = 100 });
        var error = Assert.ThrowsExactly<InvalidImageException>(() => preprocessor.FromFile(path));
        Assert.Contains("is over the 100-byte limit", error.Message);
    }

    [TestMethod]
    public void FromFile_TakesTheFirstFrameOfAnAnimatedGif()
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        string path = temp.File("animated.gif");
        using (Image<L8> first = Image.LoadPixelData<L8>(SharedData.Test.Image(0), 28, 28))
        using (Image<L8> second = Image.LoadPixelData<L8>(SharedData.Test.Image(1), 28, 28))
        {
            first.Frames.AddFrame(second.Frames.RootFrame);
            Assert.AreEqual(2, first.Frames.Count);
            first.SaveAsGif(path, new GifEncoder { ColorTableMode = GifColorTableMode.Local });
        }

        byte[] pixels = new ImagePreprocessor().FromFile(path);
        byte[] expected = SharedData.Test.Image(0).ToArray();
        int worst = pixels.Zip(expected).Max(p => Math.Abs(p.First - p.Second));
        Assert.IsLessThanOrEqualTo(16, worst, "GIF's 256-colour palette may shift grey levels slightly, but this is frame 1");
        Assert.IsGreaterThan(40, expected.Zip(SharedData.Test.Image(1).ToArray()).Max(p => Math.Abs(p.First - p.Second)), "the frames differ");
    }

    [TestMethod]
    public void FromImage_FitsTheLongestSideOnABlackCanvasAndInvertsLightBackgrounds()
    {
        using var photo = new Image<L8>(56, 28, new L8(255));
        for (int x = 20; x < 36; x++)
        {
            for (int y = 4; y < 24; y++)
            {
                photo[x, y] = new L8(0);
            }
        }

        byte[] pixels = new ImagePreprocessor().FromImage(photo);

        Assert.AreEqual(0, pixels[0], "the padded top row is black");
        Assert.IsGreaterThan(200, (int)pixels[(14 * 28) + 14], "the dark item on white became light on black");
        byte[] notInverted = new ImagePreprocessor(new ImagePreprocessorOptions { Invert = InvertMode.No }).FromImage(photo);
        Assert.IsLessThan(50, (int)notInverted[(14 * 28) + 14]);
    }

    [TestMethod]
    public void FromFile_DecodesOnlyTheFirstPageOfATiffWhosePagesDifferInSize_Regression()
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        string path = temp.File("pages.tiff");
        File.WriteAllBytes(path, TiffWriter.Pages([(40, 30), (300, 7)]));
        Assert.HasCount(784, new ImagePreprocessor().FromFile(path));
        Assert.HasCount(10, SharedClassifier.Value.Predict(path).Probabilities, "and the classifier scores it");
    }

    [TestMethod]
    public void FromFile_RejectsATiffWithAnUnsupportedCompressionAsAFileError_Regression()
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        string path = temp.File("lzma.tiff");
        File.WriteAllBytes(path, TiffWriter.Pages([(40, 30)], compression: 34925));
        AssertRejected(path, "cannot be decoded");
    }

    [TestMethod]
    public void FromImage_AppliesTheSameSizeLimitsAsFiles_Regression()
    {
        using var huge = new Image<L8>(300, 20);
        var preprocessor = new ImagePreprocessor(new ImagePreprocessorOptions { MaxWidth = 256, MaxHeight = 256 });
        var error = Assert.ThrowsExactly<InvalidImageException>(() => preprocessor.FromImage(huge));
        Assert.Contains("300×20 pixels is outside the 1×1 to 256×256 limit", error.Message);
    }

    private static readonly Lazy<float[]> ImageZeroScores = new(() => SharedClassifier.Value.Predict(SharedData.Test.Image(0)).Probabilities.ToArray());

    private static void AssertRejected(string path, string expected)
    {
        FashionClassifier classifier = SharedClassifier.Value;
        float[] before = ImageZeroScores.Value;
        var error = Assert.ThrowsExactly<InvalidImageException>(() => classifier.Predict(path));
        Assert.Contains(expected, error.Message);
        StringAssert.StartsWith(error.Message, path);
        CollectionAssert.AreEqual(before, classifier.Predict(SharedData.Test.Image(0)).Probabilities.ToArray(), "the classifier scores as before after a bad file");
    }
}
