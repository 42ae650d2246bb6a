using AlexNetMl.Pipeline.Data;

namespace AlexNetMl.Pipeline.Transforms;

/// <summary>Interpolation for <see cref="UpsampleImagesEstimator"/>, each an ImageSharp resampler.</summary>
public enum UpsampleResampler
{
    /// <summary>ImageSharp's Triangle: bilinear with half-pixel centres, what the book's Resize does and training uses.</summary>
    Bilinear,

    /// <summary>ImageSharp's Bicubic (its default for Resize; not what the model was trained with).</summary>
    Bicubic,

    /// <summary>ImageSharp's NearestNeighbor.</summary>
    NearestNeighbor,
}

/// <summary>Options of the upsampling transform. Validates itself.</summary>
public sealed class UpsampleImagesOptions
{
    /// <summary>Output sizes whose fitted transform can be saved in model.zip (ML.NET needs a fixed vector size per saved type).</summary>
    public static IReadOnlyList<int> SupportedSides { get; } = [224];

    /// <summary>Column of 784 bytes (28×28 grey levels) to read.</summary>
    public string InputColumnName { get; set; } = DataView.FashionMnistColumns.Pixels;

    /// <summary>Output height in pixels (from the model's metadata).</summary>
    public int Height { get; set; } = 224;

    /// <summary>Output width in pixels (from the model's metadata).</summary>
    public int Width { get; set; } = 224;

    /// <summary>Interpolation; bilinear matches training.</summary>
    public UpsampleResampler Resampler { get; set; } = UpsampleResampler.Bilinear;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(InputColumnName))
        {
            throw new ArgumentException("InputColumnName must not be empty.");
        }

        if (Height != Width || !SupportedSides.Contains(Height))
        {
            throw new ArgumentException(
                $"Upsampling to {Height}×{Width} is not supported: saved pipelines support {string.Join(", ", SupportedSides.Select(s => $"{s}×{s}"))} " +
                $"(the input size of AlexNet), from {FashionMnistClasses.ImageSide}×{FashionMnistClasses.ImageSide}.");
        }

        if (!Enum.IsDefined(Resampler))
        {
            throw new ArgumentException($"Unknown resampler {Resampler}.");
        }
    }
}
