using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;

namespace AlexNetMl.Pipeline.Data;

/// <summary>
/// Reads Fashion-MNIST's IDX files (gzip-compressed or not), checking every field before trusting it.
/// </summary>
/// <remarks>
/// The header's counts are never used to size an allocation up front: the payload buffer grows only as bytes actually
/// arrive, so a header claiming 2³¹ images fails on the short file instead of allocating.
/// </remarks>
public static class IdxReader
{
    /// <summary>Magic number of an IDX file of unsigned bytes with three dimensions (images).</summary>
    public const int ImagesMagic = 2051;

    /// <summary>Magic number of an IDX file of unsigned bytes with one dimension (labels).</summary>
    public const int LabelsMagic = 2049;

    private const int InitialCapacity = 1 << 20;

    /// <summary>SHA-256 of the original, uncompressed Fashion-MNIST files, keyed by their canonical names.</summary>
    public static IReadOnlyDictionary<string, string> KnownSha256 { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["train-images-idx3-ubyte"] = "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888",
        ["train-labels-idx1-ubyte"] = "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9",
        ["t10k-images-idx3-ubyte"] = "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b",
        ["t10k-labels-idx1-ubyte"] = "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34",
    };

    /// <summary>
    /// Items in the canonical files, by name: a header claiming more is rejected before anything is inflated, so a gzip
    /// "bomb" under one of these names can make the reader inflate no more than the real file's size.
    /// </summary>
    public static IReadOnlyDictionary<string, int> CanonicalCounts { get; } = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["train-images-idx3-ubyte"] = 60_000,
        ["train-labels-idx1-ubyte"] = 60_000,
        ["t10k-images-idx3-ubyte"] = 10_000,
        ["t10k-labels-idx1-ubyte"] = 10_000,
    };

    /// <summary>Reads an images file: returns the image count and the pixels, row-major, 784 bytes per image.</summary>
    public static (int Count, byte[] Pixels) ReadImages(string path, bool verifyChecksum = true)
    {
        using Stream stream = Open(path);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> header = stackalloc byte[16];
        ReadHeader(stream, path, header, hash);
        CheckMagic(path, BinaryPrimitives.ReadInt32BigEndian(header), ImagesMagic, "images", LabelsMagic, "labels");
        int count = BinaryPrimitives.ReadInt32BigEndian(header[4..]);
        int rows = BinaryPrimitives.ReadInt32BigEndian(header[8..]);
        int columns = BinaryPrimitives.ReadInt32BigEndian(header[12..]);
        if (rows != FashionMnistImage.Side || columns != FashionMnistImage.Side)
        {
            throw Fail(path, $"images are {rows}×{columns}; Fashion-MNIST images are 28×28");
        }

        long expected = CheckCount(path, count, FashionMnistImage.Pixels, "images");
        byte[] pixels = ReadPayload(stream, path, expected, 16, hash);
        VerifyChecksum(path, hash, verifyChecksum);
        return (count, pixels);
    }

    /// <summary>Reads a labels file; every label must lie in 0–9.</summary>
    public static byte[] ReadLabels(string path, bool verifyChecksum = true)
    {
        using Stream stream = Open(path);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> header = stackalloc byte[8];
        ReadHeader(stream, path, header, hash);
        CheckMagic(path, BinaryPrimitives.ReadInt32BigEndian(header), LabelsMagic, "labels", ImagesMagic, "images");
        int count = BinaryPrimitives.ReadInt32BigEndian(header[4..]);
        long expected = CheckCount(path, count, 1, "labels");
        byte[] labels = ReadPayload(stream, path, expected, 8, hash);
        int bad = Array.FindIndex(labels, label => label >= FashionMnistClasses.Count);
        if (bad >= 0)
        {
            throw Fail(path, $"label {labels[bad]} at index {Format(bad)} is outside 0–9");
        }

        VerifyChecksum(path, hash, verifyChecksum);
        return labels;
    }

    private static Stream Open(string path)
    {
        FileStream file;
        try
        {
            file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new IdxFormatException(path, "file not found", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IdxFormatException(path, $"cannot be read: {e.Message}", e);
        }

        return path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(file, CompressionMode.Decompress) : file;
    }

    private static void ReadHeader(Stream stream, string path, Span<byte> header, IncrementalHash hash)
    {
        int read = Fill(stream, path, header);
        if (read < header.Length)
        {
            throw Fail(path, $"file ends after {read} bytes, inside the {header.Length}-byte IDX header");
        }

        hash.AppendData(header);
    }

    private static void CheckMagic(string path, int magic, int expected, string kind, int otherMagic, string otherKind)
    {
        if (magic == expected)
        {
            return;
        }

        string article = otherKind == "images" ? "an" : "a";
        throw Fail(path, magic == otherMagic
            ? $"magic number {magic} marks {article} {otherKind} file; {(kind == "images" ? "an" : "a")} {kind} file starts with {expected}"
            : $"magic number {magic} is not an IDX {kind} file (expected {expected})");
    }

    private static long CheckCount(string path, int count, int bytesPerItem, string what)
    {
        if (count < 0)
        {
            throw Fail(path, $"header claims a negative number of {what} ({count})");
        }

        if (CanonicalCounts.TryGetValue(CanonicalName(path), out int canonical) && count > canonical)
        {
            throw Fail(path, $"header claims {Format(count)} {what}; the Fashion-MNIST file of this name holds {Format(canonical)}");
        }

        long expected = (long)count * bytesPerItem;
        if (expected > Array.MaxLength)
        {
            throw Fail(path, $"header claims {Format(count)} {what}, more than one array can hold");
        }

        return expected;
    }

    private static byte[] ReadPayload(Stream stream, string path, long expected, int headerLength, IncrementalHash hash)
    {
        // Grow with the data actually read, never with the header's claim.
        byte[] buffer = new byte[(int)Math.Min(expected, InitialCapacity)];
        long total = 0;
        while (total < expected)
        {
            if (total == buffer.Length)
            {
                Array.Resize(ref buffer, (int)Math.Min(expected, (long)buffer.Length * 2));
            }

            int read = Fill(stream, path, buffer.AsSpan((int)total, buffer.Length - (int)total));
            if (read == 0)
            {
                throw Fail(path, $"file holds {Format(headerLength + total)} bytes but its header promises {Format(headerLength + expected)}; it is truncated");
            }

            total += read;
        }

        hash.AppendData(buffer);
        Span<byte> probe = stackalloc byte[1];
        if (Fill(stream, path, probe) != 0)
        {
            throw Fail(path, $"file holds more than the {Format(headerLength + expected)} bytes its header promises");
        }

        return buffer;
    }

    private static int Fill(Stream stream, string path, Span<byte> destination)
    {
        try
        {
            return stream.ReadAtLeast(destination, destination.Length, throwOnEndOfStream: false);
        }
        catch (InvalidDataException e)
        {
            throw new IdxFormatException(path, $"gzip data is corrupt ({e.Message})", e);
        }
    }

    private static string CanonicalName(string path)
    {
        string name = Path.GetFileName(path);
        return name.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? name[..^3] : name;
    }

    private static void VerifyChecksum(string path, IncrementalHash hash, bool verify)
    {
        string name = CanonicalName(path);
        if (!verify || !KnownSha256.TryGetValue(name, out string? expected))
        {
            return;
        }

        string actual = Convert.ToHexStringLower(hash.GetHashAndReset());
        if (actual != expected)
        {
            throw Fail(path, $"SHA-256 of the contents is {actual}, not the original Fashion-MNIST's {expected}; replace it with the file from data/fashion-mnist");
        }
    }

    private static IdxFormatException Fail(string path, string problem) => new(path, problem);

    internal static string Format(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
