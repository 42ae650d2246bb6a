using AlexNetMl.Pipeline.Data;
using Microsoft.Extensions.Options;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp;

namespace AlexNetMl.Inference.Serving;

/// <summary>The first test-set images, as PNGs with their labels, for the page's example strip (none when the data is absent).</summary>
public sealed class ExampleImages
{
    private readonly Lazy<(byte[] Png, int Label)[]> _images;

    public ExampleImages(IOptions<ServingOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        int count = options.Value.Examples;
        _images = new(() => Load(count));
    }

    /// <summary>The examples, in test-set order.</summary>
    public IReadOnlyList<(byte[] Png, int Label)> All => _images.Value;

    private static (byte[] Png, int Label)[] Load(int count)
    {
        FashionMnistDataset test;
        try
        {
            test = FashionMnistDataset.Load(FashionMnistFiles.ResolveDirectory(), FashionMnistSplit.Test).Take(count);
        }
        catch (Exception e) when (e is DirectoryNotFoundException or IdxFormatException)
        {
            return [];
        }

        return Enumerable.Range(0, test.Count).Select(i =>
        {
            using Image<L8> image = Image.LoadPixelData<L8>(test.Image(i), FashionMnistImage.Side, FashionMnistImage.Side);
            using var png = new MemoryStream();
            image.SaveAsPng(png);
            return (png.ToArray(), test.Label(i));
        }).ToArray();
    }
}
