using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace AlexNetMl.Inference.Serving.Protocol;

/// <summary>
/// Elements as raw bytes: little-endian FP32, row-major, no padding (the binary tensor data extension's body section,
/// gRPC's <c>raw_input_contents</c>).
/// </summary>
public sealed class RawTensorData(ReadOnlyMemory<byte> bytes) : TensorData
{
    /// <inheritdoc/>
    public override float[] ToFloats(string input, int expected)
    {
        if (bytes.Length != (long)expected * sizeof(float))
        {
            throw WrongCount(input, $"{bytes.Length} bytes of raw data ({(long)expected * sizeof(float)} are {expected} little-endian FP32 values)", expected);
        }

        float[] floats = new float[expected];
        if (BitConverter.IsLittleEndian)
        {
            bytes.Span.CopyTo(MemoryMarshal.AsBytes(floats.AsSpan()));
        }
        else
        {
            for (int i = 0; i < expected; i++)
            {
                floats[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.Span[(i * sizeof(float))..]);
            }
        }

        return CheckFinite(input, floats);
    }
}
