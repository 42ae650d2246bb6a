using System.Buffers.Binary;
using System.IO.Compression;

namespace AlexNetMl.Tests.Infrastructure;

/// <summary>Writes small IDX files for the reader's tests, with every header field under the test's control.</summary>
internal static class IdxWriter
{
    public static byte[] Images(int count, int rows = 28, int columns = 28, int magic = 2051, byte[]? pixels = null, int? claimedCount = null)
    {
        pixels ??= Enumerable.Range(0, count * rows * columns).Select(i => (byte)(i * 7 % 256)).ToArray();
        byte[] bytes = new byte[16 + pixels.Length];
        BinaryPrimitives.WriteInt32BigEndian(bytes, magic);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), claimedCount ?? count);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(8), rows);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(12), columns);
        pixels.CopyTo(bytes, 16);
        return bytes;
    }

    public static byte[] Labels(byte[] labels, int magic = 2049, int? claimedCount = null)
    {
        byte[] bytes = new byte[8 + labels.Length];
        BinaryPrimitives.WriteInt32BigEndian(bytes, magic);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), claimedCount ?? labels.Length);
        labels.CopyTo(bytes, 8);
        return bytes;
    }

    public static byte[] Gzip(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(bytes);
        }

        return output.ToArray();
    }

    /// <summary>Writes a small split (images + labels) under the canonical names into <paramref name="directory"/>.</summary>
    public static void WriteSplit(string directory, string prefix, byte[] pixels, byte[] labels, bool gzip)
    {
        byte[] images = Images(labels.Length, pixels: pixels);
        byte[] labelFile = Labels(labels);
        string suffix = gzip ? ".gz" : string.Empty;
        File.WriteAllBytes(Path.Combine(directory, $"{prefix}-images-idx3-ubyte{suffix}"), gzip ? Gzip(images) : images);
        File.WriteAllBytes(Path.Combine(directory, $"{prefix}-labels-idx1-ubyte{suffix}"), gzip ? Gzip(labelFile) : labelFile);
    }
}
