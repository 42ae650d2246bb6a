using System.Buffers;
using AlexNetMl.Pipeline.Data;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using SixLabors.ImageSharp.Processing.Processors.Transforms;

namespace AlexNetMl.Pipeline.Transforms;

/// <summary>Upsamples one 28×28 grey image with ImageSharp and scales it to [0,1]: the per-row work of the transform.</summary>
public static class ImageUpsampler
{
    // A configuration of our own whose pool stays small: the default one may keep a sizeable share of RAM in its pools,
    // and row-by-row upsampling only ever needs one 224×224 image at a time per thread.
    private static readonly Configuration Configuration = CreateConfiguration();

    /// <summary>The ImageSharp resampler for <paramref name="resampler"/>.</summary>
    public static IResampler ToImageSharp(UpsampleResampler resampler) => resampler switch
    {
        UpsampleResampler.Bilinear => KnownResamplers.Triangle,
        UpsampleResampler.Bicubic => KnownResamplers.Bicubic,
        UpsampleResampler.NearestNeighbor => KnownResamplers.NearestNeighbor,
        _ => throw new ArgumentOutOfRangeException(nameof(resampler), resampler, "Unknown resampler."),
    };

    /// <summary>
    /// Resizes the 784 grey levels in <paramref name="pixels"/> to <paramref name="side"/>×<paramref name="side"/> as an L8
    /// image and writes them, times 1/255, into <paramref name="output"/> (row-major, length side²).
    /// </summary>
    public static void Upsample(ReadOnlySpan<byte> pixels, Span<float> output, int side, UpsampleResampler resampler = UpsampleResampler.Bilinear)
    {
        if (pixels.Length != FashionMnistClasses.PixelsPerImage)
        {
            throw new ArgumentException($"Expected {FashionMnistClasses.PixelsPerImage} pixels (28×28), got {pixels.Length}.", nameof(pixels));
        }

        if (output.Length != side * side)
        {
            throw new ArgumentException($"Output must hold {side}×{side} values, got {output.Length}.", nameof(output));
        }

        using Image<L8> image = Image.LoadPixelData<L8>(Configuration, pixels, FashionMnistClasses.ImageSide, FashionMnistClasses.ImageSide);
        image.Mutate(context => context.Resize(new ResizeOptions
        {
            Size = new Size(side, side),
            Mode = ResizeMode.Stretch,
            Sampler = ToImageSharp(resampler),
        }));
        const float Scale = 1f / 255f;
        byte[] grey = ArrayPool<byte>.Shared.Rent(side * side);
        try
        {
            Span<byte> levels = grey.AsSpan(0, side * side);
            image.CopyPixelDataTo(levels);
            for (int i = 0; i < levels.Length; i++)
            {
                output[i] = levels[i] * Scale;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(grey);
        }
    }

    private static Configuration CreateConfiguration()
    {
        Configuration configuration = Configuration.Default.Clone();
        configuration.MemoryAllocator = SixLabors.ImageSharp.Memory.MemoryAllocator.Create(new SixLabors.ImageSharp.Memory.MemoryAllocatorOptions { MaximumPoolSizeMegabytes = 8 });
        return configuration;
    }
}
