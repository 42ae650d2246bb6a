using System.Buffers;
using AlexNetMl.Contract.Model;
using AlexNetMl.Pipeline.Data;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using SixLabors.ImageSharp;

namespace AlexNetMl.Pipeline.Transforms;

/// <summary>Turns one 28×28 grey image into model input with ImageSharp: the per-row work of the transform and of the batched scorer.</summary>
public static class ImageUpsampler
{
    // A configuration of our own whose pool stays small: the default one may keep a sizeable share of RAM in its pools,
    // and row-by-row upsampling only ever needs one image at a time per thread.
    private static readonly Configuration Configuration = CreateConfiguration();

    /// <summary>Writes the model input for <paramref name="pixels"/> under <paramref name="contract"/> into <paramref name="output"/> (row-major, H×W).</summary>
    public static void ToModelInput(ReadOnlySpan<byte> pixels, Span<float> output, ModelContract contract)
    {
        ArgumentNullException.ThrowIfNull(contract);
        float scale = (float)contract.PixelScale;
        switch (contract.Resize)
        {
            case ResizeMethod.None when contract.InputHeight == FashionMnistImage.Side && contract.InputWidth == FashionMnistImage.Side:
                Scale(pixels, output, scale);
                break;
            case ResizeMethod.Bilinear when contract.InputHeight == contract.InputWidth:
                Upsample(pixels, output, contract.InputHeight, scale);
                break;
            default:
                throw new ModelContractException($"Cannot feed a {contract.InputHeight}×{contract.InputWidth} input with resize '{contract.Resize}' from a {FashionMnistImage.Side}×{FashionMnistImage.Side} image.");
        }
    }

    /// <summary>Writes the 784 grey levels times <paramref name="scale"/> into <paramref name="output"/>.</summary>
    public static void Scale(ReadOnlySpan<byte> pixels, Span<float> output, float scale)
    {
        CheckPixels(pixels);
        if (output.Length != pixels.Length)
        {
            throw new ArgumentException($"Output must hold {pixels.Length} values, got {output.Length}.", nameof(output));
        }

        for (int i = 0; i < pixels.Length; i++)
        {
            output[i] = pixels[i] * scale;
        }
    }

    /// <summary>
    /// Resizes the 784 grey levels to <paramref name="side"/>×<paramref name="side"/> as an L8 image with ImageSharp's
    /// Triangle resampler (bilinear, half-pixel centres: what training's interpolate does) and writes them times
    /// <paramref name="scale"/> into <paramref name="output"/> (row-major, length side²).
    /// </summary>
    public static void Upsample(ReadOnlySpan<byte> pixels, Span<float> output, int side, float scale)
    {
        CheckPixels(pixels);
        if (output.Length != side * side)
        {
            throw new ArgumentException($"Output must hold {side}×{side} values, got {output.Length}.", nameof(output));
        }

        using Image<L8> image = Image.LoadPixelData<L8>(Configuration, pixels, FashionMnistImage.Side, FashionMnistImage.Side);
        image.Mutate(context => context.Resize(new ResizeOptions
        {
            Size = new Size(side, side),
            Mode = ResizeMode.Stretch,
            Sampler = KnownResamplers.Triangle,
        }));
        byte[] grey = ArrayPool<byte>.Shared.Rent(side * side);
        try
        {
            Span<byte> levels = grey.AsSpan(0, side * side);
            image.CopyPixelDataTo(levels);
            for (int i = 0; i < levels.Length; i++)
            {
                output[i] = levels[i] * scale;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(grey);
        }
    }

    private static void CheckPixels(ReadOnlySpan<byte> pixels)
    {
        if (pixels.Length != FashionMnistImage.Pixels)
        {
            throw new ArgumentException($"Expected {FashionMnistImage.Pixels} pixels (28×28), got {pixels.Length}.", nameof(pixels));
        }
    }

    private static Configuration CreateConfiguration()
    {
        Configuration configuration = Configuration.Default.Clone();
        configuration.MemoryAllocator = SixLabors.ImageSharp.Memory.MemoryAllocator.Create(new SixLabors.ImageSharp.Memory.MemoryAllocatorOptions { MaximumPoolSizeMegabytes = 8 });
        return configuration;
    }
}
