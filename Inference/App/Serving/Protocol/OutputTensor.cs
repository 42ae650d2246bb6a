using System.Buffers.Binary;
using System.Text;

namespace AlexNetMl.Inference.Serving.Protocol;

/// <summary>
/// An output tensor of an answer: FP32 scores, or BYTES strings for the classification extension. <see cref="Binary"/>
/// says whether a REST client asked for it as binary data.
/// </summary>
public sealed record OutputTensor(string Name, string Datatype, IReadOnlyList<long> Shape, float[]? Fp32, string[]? Strings, bool Binary)
{
    /// <summary>The elements as the protocol's raw bytes: little-endian FP32, or for BYTES each string as a 4-byte little-endian length and its UTF-8 bytes.</summary>
    public byte[] ToRawBytes()
    {
        if (Fp32 is not null)
        {
            byte[] raw = new byte[Fp32.Length * sizeof(float)];
            for (int i = 0; i < Fp32.Length; i++)
            {
                BinaryPrimitives.WriteSingleLittleEndian(raw.AsSpan(i * sizeof(float)), Fp32[i]);
            }

            return raw;
        }

        using var bytes = new MemoryStream();
        Span<byte> length = stackalloc byte[sizeof(uint)];
        foreach (string text in Strings ?? [])
        {
            byte[] utf8 = Encoding.UTF8.GetBytes(text);
            BinaryPrimitives.WriteUInt32LittleEndian(length, (uint)utf8.Length);
            bytes.Write(length);
            bytes.Write(utf8);
        }

        return bytes.ToArray();
    }
}
