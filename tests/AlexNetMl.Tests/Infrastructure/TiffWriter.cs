using System.Buffers.Binary;

namespace AlexNetMl.Tests.Infrastructure;

/// <summary>Hand-made baseline TIFF files (8-bit grey, one strip per page), for the crafted-file regression tests.</summary>
internal static class TiffWriter
{
    /// <summary>A little-endian TIFF with one page per (width, height), each with <paramref name="compression"/>'s tag value.</summary>
    public static byte[] Pages(IReadOnlyList<(int Width, int Height)> pages, ushort compression = 1)
    {
        ArgumentNullException.ThrowIfNull(pages);
        const int EntrySize = 12;
        const ushort Entries = 8;
        int ifdSize = 2 + (Entries * EntrySize) + 4;
        var bytes = new List<byte>();
        bytes.AddRange("II"u8.ToArray());
        bytes.AddRange(U16(42));
        bytes.AddRange(U32(8));
        for (int p = 0; p < pages.Count; p++)
        {
            (int width, int height) = pages[p];
            int ifdStart = bytes.Count;
            int dataStart = ifdStart + ifdSize;
            int dataLength = width * height;
            int next = p + 1 < pages.Count ? dataStart + dataLength : 0;
            bytes.AddRange(U16(Entries));
            void Entry(ushort tag, ushort type, uint value)
            {
                bytes.AddRange(U16(tag));
                bytes.AddRange(U16(type));
                bytes.AddRange(U32(1));
                bytes.AddRange(type == 3 ? [.. U16((ushort)value), 0, 0] : U32(value));
            }

            Entry(256, 4, (uint)width);          // ImageWidth
            Entry(257, 4, (uint)height);         // ImageLength
            Entry(258, 3, 8);                    // BitsPerSample
            Entry(259, 3, compression);          // Compression
            Entry(262, 3, 1);                    // PhotometricInterpretation: BlackIsZero
            Entry(273, 4, (uint)dataStart);      // StripOffsets
            Entry(278, 4, (uint)height);         // RowsPerStrip
            Entry(279, 4, (uint)dataLength);     // StripByteCounts
            bytes.AddRange(U32((uint)next));
            bytes.AddRange(Enumerable.Range(0, dataLength).Select(i => (byte)(i * 37)));
        }

        return [.. bytes];
    }

    private static byte[] U16(ushort value)
    {
        byte[] b = new byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(b, value);
        return b;
    }

    private static byte[] U32(uint value)
    {
        byte[] b = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(b, value);
        return b;
    }
}
