using AlexNetMl.Inference.Preprocessing;
using AlexNetMl.Tests.Infrastructure;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.Formats.Tiff;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp;

namespace AlexNetMl.Tests.Inference.Preprocessing;

[TestClass]
public sealed class ImagePreprocessorFuzzTests
{
    [TestMethod]
    public void MutatedImages_FailOnlyWithInvalidImageExceptionAndBoundedMemory()
    {
        var preprocessor = new ImagePreprocessor(new ImagePreprocessorOptions { MaxWidth = 512, MaxHeight = 512 });
        long startRss = Environment.WorkingSet;
        foreach ((string format, byte[] valid) in ValidImages())
        {
            int decoded = 0, rejected = 0;
            Fuzz.Check(Fuzz.Mutations(valid, header: 64), bytes =>
            {
                try
                {
                    Assert.HasCount(784, preprocessor.FromStream(new MemoryStream(bytes), format));
                    decoded++;
                }
                catch (InvalidImageException)
                {
                    rejected++;
                }
            });
            Assert.IsGreaterThan(0, decoded + rejected, format);
        }

        long growth = Environment.WorkingSet - startRss;
        Assert.IsLessThan(1L << 30, growth, $"RSS grew {growth:N0} bytes over the fuzz run");
    }

    private static IEnumerable<(string Format, byte[] Bytes)> ValidImages()
    {
        using var image = new Image<Rgba32>(40, 30);
        image.ProcessPixelRows(rows =>
        {
            for (int y = 0; y < rows.Height; y++)
            {
                Span<Rgba32> row = rows.GetRowSpan(y);
                for (int x = 0; x < row.Length; x++)
                {
                    row[x] = new Rgba32((byte)(x * 6), (byte)(y * 8), (byte)(x ^ y), 255);
                }
            }
        });
        using var second = image.Clone();
        image.Frames.AddFrame(second.Frames.RootFrame);
        yield return ("png", Encode(image, (i, s) => i.SaveAsPng(s)));
        yield return ("jpeg", Encode(image, (i, s) => i.SaveAsJpeg(s)));
        yield return ("gif", Encode(image, (i, s) => i.SaveAsGif(s, new GifEncoder())));
        yield return ("tiff", Encode(image, (i, s) => i.SaveAsTiff(s, new TiffEncoder())));
        yield return ("bmp", Encode(image, (i, s) => i.SaveAsBmp(s)));
        yield return ("webp", Encode(image, (i, s) => i.SaveAsWebp(s)));
    }

    private static byte[] Encode(Image image, Action<Image, Stream> save)
    {
        using var stream = new MemoryStream();
        save(image, stream);
        return stream.ToArray();
    }
}
