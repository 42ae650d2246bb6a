using AlexNetMl.Pipeline.Data;

namespace AlexNetMl.Training.Data;

/// <summary>
/// Training-time preprocessing that exploits the invariances of clothing images (<c>--augment</c>): a random horizontal
/// flip and a random shift of up to <see cref="MaxShift"/> pixels each way, the vacated border filled with the black
/// background (a padded crop). Items are photographed upright, so nothing is flipped vertically. Applied to a batch's
/// 28×28 grey levels before upsampling, and drawn from (seed, epoch, batch) alone, so resuming reproduces it exactly.
/// Labels are never touched.
/// </summary>
public static class Augmentation
{
    /// <summary>Largest shift, in 28×28 pixels.</summary>
    public const int MaxShift = 2;

    private const int Side = FashionMnistImage.Side;

    /// <summary>Augments the <paramref name="count"/> images in <paramref name="pixels"/> (784 values each) in place.</summary>
    public static void Apply(Span<float> pixels, int count, int seed, int epoch, int batch)
    {
        if (pixels.Length < count * FashionMnistImage.Pixels)
        {
            throw new ArgumentException($"{pixels.Length} values do not hold {count} images.", nameof(pixels));
        }

        var random = new Random(BatchSeed(seed, epoch, batch));
        Span<float> source = stackalloc float[FashionMnistImage.Pixels];
        for (int image = 0; image < count; image++)
        {
            Span<float> target = pixels.Slice(image * FashionMnistImage.Pixels, FashionMnistImage.Pixels);
            bool flip = random.Next(2) == 1;
            int dx = random.Next(-MaxShift, MaxShift + 1);
            int dy = random.Next(-MaxShift, MaxShift + 1);
            target.CopyTo(source);
            Transform(source, target, flip, dx, dy);
        }
    }

    /// <summary>Writes <paramref name="source"/> flipped (if asked) and shifted by (<paramref name="dx"/>, <paramref name="dy"/>) into <paramref name="target"/>.</summary>
    public static void Transform(ReadOnlySpan<float> source, Span<float> target, bool flip, int dx, int dy)
    {
        for (int y = 0; y < Side; y++)
        {
            int sourceY = y - dy;
            for (int x = 0; x < Side; x++)
            {
                int shiftedX = x - dx;
                int sourceX = flip ? Side - 1 - shiftedX : shiftedX;
                target[(y * Side) + x] = sourceY is >= 0 and < Side && shiftedX is >= 0 and < Side ? source[(sourceY * Side) + sourceX] : 0f;
            }
        }
    }

    /// <summary>The seed of a batch's draws.</summary>
    public static int BatchSeed(int seed, int epoch, int batch) => unchecked((seed * 7_919) + (epoch * 1_000_003) + batch + 17);
}
