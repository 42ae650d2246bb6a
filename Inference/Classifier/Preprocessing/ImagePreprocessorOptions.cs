namespace AlexNetMl.Inference.Preprocessing;

/// <summary>Limits and choices for turning an arbitrary image into 28×28 grey levels. Validates itself.</summary>
public sealed class ImagePreprocessorOptions
{
    /// <summary>Largest accepted file or stream, in bytes (default 20 MB).</summary>
    public long MaxBytes { get; set; } = 20L * 1024 * 1024;

    /// <summary>Largest accepted width in pixels, checked before decoding.</summary>
    public int MaxWidth { get; set; } = 8192;

    /// <summary>Largest accepted height in pixels, checked before decoding.</summary>
    public int MaxHeight { get; set; } = 8192;

    /// <summary>Cap on the memory ImageSharp's pool keeps, in megabytes.</summary>
    public int MaxPoolMegabytes { get; set; } = 64;

    /// <summary>Inversion of light-background images.</summary>
    public InvertMode Invert { get; set; } = InvertMode.Auto;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        if (MaxBytes <= 0)
        {
            throw new ArgumentException($"MaxBytes must be positive (got {MaxBytes}).");
        }

        if (MaxWidth <= 0 || MaxHeight <= 0)
        {
            throw new ArgumentException($"MaxWidth and MaxHeight must be positive (got {MaxWidth}×{MaxHeight}).");
        }

        if (MaxPoolMegabytes <= 0)
        {
            throw new ArgumentException($"MaxPoolMegabytes must be positive (got {MaxPoolMegabytes}).");
        }

        if (!Enum.IsDefined(Invert))
        {
            throw new ArgumentException($"Unknown invert mode {Invert}.");
        }
    }
}
