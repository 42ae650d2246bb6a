using System.Globalization;
using System.Security.Cryptography;
using AlexNetMl.Contract.IO;
using AlexNetMl.Contract.Model;
using AlexNetMl.Pipeline.Data;
using Google.Protobuf;
using Onnx;

namespace AlexNetMl.Pipeline.Scoring;

/// <summary>
/// Adopts an ONNX classifier made elsewhere (PyTorch's <c>torch.onnx.export</c>, say), which carries no model contract:
/// the contract is inferred from the graph (the one image input [N,1,H,W]; the one output, already a softmax or logits
/// to soften) with the documented defaults for the rest, and a copy of the model with that contract as metadata and
/// a <c>probabilities</c> output is what every scorer then runs.
/// </summary>
public static class GraphContract
{
    /// <summary>Metadata keys that settle what the graph leaves open, named by the errors.</summary>
    public static IReadOnlyList<string> SettlingKeys { get; } = [ModelMetadataKeys.InputName, ModelMetadataKeys.ProbabilitiesName, ModelMetadataKeys.LogitsName, ModelMetadataKeys.ClassNames];

    /// <summary>The adopted copy of <paramref name="path"/> (in the temp folder, named by the model's hash) and one line saying what was inferred.</summary>
    /// <exception cref="OnnxModelException">The graph is not a classifier of one grey image, or it is ambiguous; the message names the metadata key that settles it.</exception>
    public static (string AdoptedPath, string Note) Adopt(string path, IReadOnlyDictionary<string, string> metadata)
    {
        byte[] bytes = File.ReadAllBytes(path);
        ModelProto model = ModelProto.Parser.ParseFrom(bytes);
        GraphProto graph = model.Graph;
        ValueInfoProto input = ImageInput(path, graph, metadata);
        (int height, int width) = InputSize(path, input);
        (string logits, string? probabilities, int classes) = Scores(path, graph, metadata);
        ModelContract contract = Contract(input.Name, logits, probabilities, height, width, classes, metadata);
        string softened = probabilities is null ? Soften(graph, logits, contract.ProbabilitiesName, classes) : string.Empty;
        ExposeLogits(graph, logits, probabilities, classes);
        model.MetadataProps.Clear();
        model.MetadataProps.Add(contract.ToMetadata().Select(e => new StringStringEntryProto { Key = e.Key, Value = e.Value }));
        string adopted = Path.Combine(Path.GetTempPath(), "alexnetml-adopted", $"{Convert.ToHexStringLower(SHA256.HashData(bytes))[..16]}.onnx");
        Directory.CreateDirectory(Path.GetDirectoryName(adopted)!);
        AtomicFile.WriteAllBytes(adopted, model.ToByteArray());
        string names = classes == FashionMnistClasses.Count && !metadata.ContainsKey(ModelMetadataKeys.ClassNames) ? "Fashion-MNIST's names" : "names from metadata or numbered";
        string note = $"{path} has no AlexNetMl contract; inferred from its graph: input '{input.Name}' [N,1,{height},{width}], " +
                      $"output '{probabilities ?? logits}' {(probabilities is null ? "is logits, softened" + softened : "is a softmax")}, {classes} classes ({names}), " +
                      $"pixel scale 1/255, {(contract.Resize == ResizeMethod.None ? "no resize" : "bilinear resize")} (documented defaults; metadata keys {string.Join(", ", SettlingKeys)} override them).";
        return (adopted, note);
    }

    private static ValueInfoProto ImageInput(string path, GraphProto graph, IReadOnlyDictionary<string, string> metadata)
    {
        HashSet<string> constants = [.. graph.Initializer.Select(i => i.Name)];
        ValueInfoProto[] inputs = [.. graph.Input.Where(i => !constants.Contains(i.Name))];
        if (metadata.TryGetValue(ModelMetadataKeys.InputName, out string? named))
        {
            return inputs.Length == 1 && inputs[0].Name == named
                ? inputs[0]
                : throw new OnnxModelException($"'{path}': its metadata '{ModelMetadataKeys.InputName}' names '{named}', but the graph's inputs are [{string.Join(", ", inputs.Select(i => i.Name))}]; an image classifier scored here has that one input only.");
        }

        return inputs.Length == 1
            ? inputs[0]
            : throw new OnnxModelException($"'{path}' has no AlexNetMl contract and {inputs.Length} inputs [{string.Join(", ", inputs.Select(i => i.Name))}]: which is the image is ambiguous. Export it with the image [N,1,H,W] as its only input, and name it with the metadata key '{ModelMetadataKeys.InputName}'.");
    }

    private static (int Height, int Width) InputSize(string path, ValueInfoProto input)
    {
        long[] dims = [.. input.Type.TensorType.Shape.Dim.Select(d => d.ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue ? d.DimValue : -1)];
        return input.Type.TensorType.ElemType == (int)TensorProto.Types.DataType.Float && dims is [_, 1, > 0 and <= int.MaxValue, > 0 and <= int.MaxValue]
            ? ((int)dims[2], (int)dims[3])
            : throw new OnnxModelException($"'{path}': input '{input.Name}' is not a float [N,1,H,W] image with a fixed height and width; export it with a fixed size (or add the metadata keys '{ModelMetadataKeys.InputHeight}' and '{ModelMetadataKeys.InputWidth}' through a full AlexNetMl contract).");
    }

    private static (string Logits, string? Probabilities, int Classes) Scores(string path, GraphProto graph, IReadOnlyDictionary<string, string> metadata)
    {
        ValueInfoProto[] outputs = [.. graph.Output];
        string? wanted = metadata.GetValueOrDefault(ModelMetadataKeys.ProbabilitiesName) ?? metadata.GetValueOrDefault(ModelMetadataKeys.LogitsName);
        ValueInfoProto output = wanted is not null ? outputs.FirstOrDefault(o => o.Name == wanted) ?? throw new OnnxModelException($"'{path}': its metadata names the output '{wanted}', which the graph does not have (outputs: {string.Join(", ", outputs.Select(o => o.Name))}).")
            : outputs.Length == 1 ? outputs[0]
            : throw new OnnxModelException($"'{path}' has no AlexNetMl contract and {outputs.Length} outputs [{string.Join(", ", outputs.Select(o => o.Name))}]: which holds the class scores is ambiguous. Name it with the metadata key '{ModelMetadataKeys.ProbabilitiesName}' (a softmax) or '{ModelMetadataKeys.LogitsName}' (logits).");
        var dims = output.Type.TensorType.Shape.Dim;
        if (output.Type.TensorType.ElemType != (int)TensorProto.Types.DataType.Float || dims.Count != 2 || dims[1].ValueCase != TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue || dims[1].DimValue is < 2 or > ModelContract.MaxClasses)
        {
            throw new OnnxModelException($"'{path}': output '{output.Name}' is not float scores [N, classes] with 2 to {ModelContract.MaxClasses} classes.");
        }

        NodeProto? producer = graph.Node.LastOrDefault(n => n.Output.Contains(output.Name));
        bool isSoftmax = metadata.ContainsKey(ModelMetadataKeys.ProbabilitiesName) || (!metadata.ContainsKey(ModelMetadataKeys.LogitsName) && producer?.OpType == "Softmax");
        return isSoftmax
            ? (producer?.OpType == "Softmax" ? producer.Input[0] : $"{output.Name}_logits", output.Name, (int)dims[1].DimValue)
            : (output.Name, null, (int)dims[1].DimValue);
    }

    private static ModelContract Contract(string input, string logits, string? probabilities, int height, int width, int classes, IReadOnlyDictionary<string, string> metadata) => new()
    {
        Architecture = "imported",
        InputName = input,
        LogitsName = logits,
        ProbabilitiesName = probabilities ?? (logits == ModelContract.DefaultProbabilitiesName ? $"{logits}_softmax" : ModelContract.DefaultProbabilitiesName),
        InputHeight = height,
        InputWidth = width,
        Resize = height == FashionMnistImage.Side && width == FashionMnistImage.Side ? ResizeMethod.None : ResizeMethod.Bilinear,
        ClassNames = metadata.TryGetValue(ModelMetadataKeys.ClassNames, out string? json) ? System.Text.Json.JsonSerializer.Deserialize<string[]>(json) ?? []
            : classes == FashionMnistClasses.Count ? FashionMnistClasses.Names : [.. Enumerable.Range(0, classes).Select(i => string.Create(CultureInfo.InvariantCulture, $"class {i}"))],
    };

    // Logits become probabilities the way the exporter's own graphs do it: a Softmax over the class axis.
    private static string Soften(GraphProto graph, string logits, string probabilities, int classes)
    {
        graph.Node.Add(new NodeProto { Name = probabilities, OpType = "Softmax", Input = { logits }, Output = { probabilities }, Attribute = { new AttributeProto { Name = "axis", Type = AttributeProto.Types.AttributeType.Int, I = 1 } } });
        graph.Output.Add(ScoresValue(probabilities, classes));
        return $" into '{probabilities}'";
    }

    // Both score tensors are graph outputs, as the contract promises. A softmax whose input the graph does not show
    // gets log-probabilities as its logits: they differ from the originals by a constant per image, as logits may.
    private static void ExposeLogits(GraphProto graph, string logits, string? probabilities, int classes)
    {
        if (probabilities is not null && !graph.Node.Any(n => n.Output.Contains(logits)))
        {
            graph.Node.Add(new NodeProto { Name = logits, OpType = "Log", Input = { probabilities }, Output = { logits } });
        }

        if (graph.Output.All(o => o.Name != logits))
        {
            graph.Output.Add(ScoresValue(logits, classes));
        }
    }

    private static ValueInfoProto ScoresValue(string name, int classes) => new()
    {
        Name = name,
        Type = new TypeProto
        {
            TensorType = new TypeProto.Types.Tensor
            {
                ElemType = (int)TensorProto.Types.DataType.Float,
                Shape = new TensorShapeProto { Dim = { new TensorShapeProto.Types.Dimension { DimParam = "N" }, new TensorShapeProto.Types.Dimension { DimValue = classes } } },
            },
        },
    };
}
