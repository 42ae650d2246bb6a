using AlexNetMl.Contract.Model;
using AlexNetMl.Pipeline.Data;
using Google.Protobuf;
using Onnx;

namespace AlexNetMl.Tests.Infrastructure;

/// <summary>
/// Hand-built ONNX models with known outputs. The oracle reads an image's mean grey level g (in [0,1]) and puts its
/// highest score on class round(g × 255 / 20), so a uniform image of grey 20·k is "class k" by construction.
/// </summary>
internal static class OracleModel
{
    public const int GreyStep = 20;

    /// <summary>The grey level in [0,1] of an image of class <paramref name="k"/>: 20·k / 255.</summary>
    public static float Grey(int k) => k * GreyStep / 255f;

    /// <summary><paramref name="count"/> copies of <see cref="Grey"/>(<paramref name="k"/>) as JSON numbers, comma-separated: a uniform image's infer data.</summary>
    public static string JsonPixels(int k, int count = FashionMnistImage.Pixels) =>
        string.Join(",", Enumerable.Repeat(Grey(k).ToString("R", System.Globalization.CultureInfo.InvariantCulture), count));

    /// <summary>The oracle with the contract metadata of a <paramref name="side"/>×<paramref name="side"/> model (<paramref name="metadata"/> overrides entries; a null value removes one).</summary>
    public static byte[] Build(int channels = 1, int side = 224, int classes = 10, string inputName = "image", IReadOnlyDictionary<string, string?>? metadata = null)
    {
        var graph = new GraphProto { Name = "oracle" };
        graph.Input.Add(Value(inputName, [-1, channels, side, side]));
        graph.Output.Add(Value("logits", [-1, classes]));
        graph.Output.Add(Value("probabilities", [-1, classes]));
        graph.Initializer.Add(Floats("scale", [1], 255f / GreyStep));
        graph.Initializer.Add(Floats("classes", [classes], Enumerable.Range(0, classes).Select(k => (float)k).ToArray()));
        graph.Initializer.Add(Floats("sharpness", [1], -4f));
        graph.Node.Add(Node("GlobalAveragePool", [inputName], "mean"));
        graph.Node.Add(Node("Flatten", ["mean"], "flat", new AttributeProto { Name = "axis", Type = AttributeProto.Types.AttributeType.Int, I = 1 }));
        // Per image (axis 1 only): a batch of several images must keep them apart, as the service's batcher relies on.
        graph.Node.Add(Node(
            "ReduceMean",
            ["flat"],
            "grey",
            new AttributeProto { Name = "keepdims", Type = AttributeProto.Types.AttributeType.Int, I = 1 },
            new AttributeProto { Name = "axes", Type = AttributeProto.Types.AttributeType.Ints, Ints = { 1 } }));
        graph.Node.Add(Node("Mul", ["grey", "scale"], "level"));
        graph.Node.Add(Node("Sub", ["level", "classes"], "distance"));
        graph.Node.Add(Node("Mul", ["distance", "distance"], "squared"));
        graph.Node.Add(Node("Mul", ["squared", "sharpness"], "logits"));
        graph.Node.Add(Node("Softmax", ["logits"], "probabilities", new AttributeProto { Name = "axis", Type = AttributeProto.Types.AttributeType.Int, I = 1 }));
        var model = new ModelProto { IrVersion = 8, ProducerName = "oracle", Graph = graph, OpsetImport = { new OperatorSetIdProto { Version = 17 } } };
        var entries = new Dictionary<string, string?>(Contract(side).ToMetadata()!);
        foreach ((string key, string? value) in metadata ?? new Dictionary<string, string?>())
        {
            entries[key] = value;
        }

        foreach ((string key, string? value) in entries.Where(e => e.Value is not null))
        {
            model.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
        }

        return model.ToByteArray();
    }

    /// <summary>The contract the oracle's metadata states: Fashion-MNIST's classes, bilinear resize for 224, none for 28.</summary>
    public static ModelContract Contract(int side = 224) => new()
    {
        Architecture = "oracle",
        InputHeight = side,
        InputWidth = side,
        Resize = side == FashionMnistImage.Side ? ResizeMethod.None : ResizeMethod.Bilinear,
        ClassNames = FashionMnistClasses.Names,
    };

    private static NodeProto Node(string op, string[] inputs, string output, params AttributeProto[] attributes) =>
        new() { Name = output, OpType = op, Input = { inputs }, Output = { output }, Attribute = { attributes } };

    private static ValueInfoProto Value(string name, long[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (long d in dims)
        {
            shape.Dim.Add(d < 0 ? new TensorShapeProto.Types.Dimension { DimParam = "N" } : new TensorShapeProto.Types.Dimension { DimValue = d });
        }

        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape } } };
    }

    private static TensorProto Floats(string name, long[] dims, params float[] values)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float, Dims = { dims } };
        tensor.FloatData.Add(values);
        return tensor;
    }
}
