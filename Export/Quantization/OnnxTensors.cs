using System.Runtime.InteropServices;
using DataType = Onnx.TensorProto.Types.DataType;
using Google.Protobuf;
using Onnx;

namespace AlexNetMl.Export.Quantization;

/// <summary>Initializers and nodes as the quantizers write them.</summary>
internal static class OnnxTensors
{
    public static TensorProto Float(string name, IEnumerable<long> dims, ReadOnlySpan<float> values) =>
        Bytes(name, DataType.Float, dims, MemoryMarshal.AsBytes(values));

    public static TensorProto Bytes(string name, DataType type, IEnumerable<long> dims, ReadOnlySpan<byte> raw) =>
        new() { Name = name, DataType = (int)type, Dims = { dims }, RawData = ByteString.CopyFrom(raw) };

    public static NodeProto Node(string op, string name, string[] inputs, string[] outputs, params AttributeProto[] attributes) =>
        new() { Name = name, OpType = op, Input = { inputs }, Output = { outputs }, Attribute = { attributes } };
}
