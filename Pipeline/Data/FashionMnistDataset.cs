namespace AlexNetMl.Pipeline.Data;

/// <summary>One split of Fashion-MNIST held in memory as its original bytes (47 MB for the training split).</summary>
/// <remarks>Upsampling to the model's input size happens per batch or per row; 224×224 copies are never stored.</remarks>
public sealed class FashionMnistDataset
{
    private readonly byte[] _pixels;
    private readonly byte[] _labels;

    /// <summary>Creates a dataset from raw pixels (784 bytes per image) and labels (0–9).</summary>
    public FashionMnistDataset(byte[] pixels, byte[] labels)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        ArgumentNullException.ThrowIfNull(labels);
        if (pixels.Length != labels.Length * FashionMnistImage.Pixels)
        {
            throw new ArgumentException($"{pixels.Length} pixel bytes do not make {labels.Length} images of 784 pixels.", nameof(pixels));
        }

        if (Array.Exists(labels, label => label >= FashionMnistClasses.Count))
        {
            throw new ArgumentException("Labels must lie in 0–9.", nameof(labels));
        }

        _pixels = pixels;
        _labels = labels;
    }

    /// <summary>Number of images.</summary>
    public int Count => _labels.Length;

    /// <summary>All pixels, 784 bytes per image, row-major.</summary>
    public ReadOnlyMemory<byte> Pixels => _pixels;

    /// <summary>All labels.</summary>
    public ReadOnlyMemory<byte> Labels => _labels;

    /// <summary>The 784 pixels of image <paramref name="index"/>.</summary>
    public ReadOnlySpan<byte> Image(int index) => _pixels.AsSpan(index * FashionMnistImage.Pixels, FashionMnistImage.Pixels);

    /// <summary>The label of image <paramref name="index"/>.</summary>
    public int Label(int index) => _labels[index];

    /// <summary>The first <paramref name="count"/> images (all of them when <paramref name="count"/> is null or larger).</summary>
    public FashionMnistDataset Take(int? count)
    {
        if (count is null || count >= Count)
        {
            return this;
        }

        ArgumentOutOfRangeException.ThrowIfNegative(count.Value);
        return new FashionMnistDataset(_pixels[..(count.Value * FashionMnistImage.Pixels)], _labels[..count.Value]);
    }

    /// <summary>Reads one split from <paramref name="directory"/>, with every check of <see cref="IdxReader"/>.</summary>
    public static FashionMnistDataset Load(string directory, FashionMnistSplit split, bool verifyChecksums = true)
    {
        string imagesPath = FashionMnistFiles.Find(directory, FashionMnistFiles.ImagesName(split));
        string labelsPath = FashionMnistFiles.Find(directory, FashionMnistFiles.LabelsName(split));
        (int count, byte[] pixels) = IdxReader.ReadImages(imagesPath, verifyChecksums);
        byte[] labels = IdxReader.ReadLabels(labelsPath, verifyChecksums);
        if (labels.Length != count)
        {
            throw new IdxFormatException(labelsPath, $"{IdxReader.Format(labels.Length)} labels but {IdxReader.Format(count)} images in {Path.GetFileName(imagesPath)}");
        }

        return new FashionMnistDataset(pixels, labels);
    }
}
