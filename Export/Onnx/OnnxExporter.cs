using System.Runtime.InteropServices;
using AlexNetMl.Contract.IO;
using AlexNetMl.Contract.Model;
using Google.Protobuf;
using Onnx;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AlexNetMl.Export.Onnx;

/// <summary>
/// Converts a TorchSharp module tree into an ONNX model, from the modules' structure and their parameters and buffers.
/// </summary>
/// <remarks>
/// TorchSharp has no tracer, so the exporter walks the tree instead: <see cref="Sequential"/> and
/// <see cref="ISequentialModule"/> containers are flattened in registration order, and each leaf becomes one ONNX node.
/// Dropout is left out (inference graph). Weights become raw little-endian float initializers.
/// </remarks>
public static class OnnxExporter
{
    /// <summary>The module types the exporter understands.</summary>
    public static IReadOnlyList<string> SupportedModules { get; } =
    [
        "Sequential", "Conv2d", "ReLU", "MaxPool2d", "AvgPool2d", "AdaptiveAvgPool2d (1×1)", "Flatten", "Linear",
        "Dropout", "Sigmoid", "Softmax", "LogSoftmax", "BatchNorm2d",
    ];

    /// <summary>Name of the exporter, stored in the model's producer fields.</summary>
    public const string ProducerName = "AlexNetMl.Export";

    /// <summary>The exporter's version, stored in metadata; bump when the produced graph changes.</summary>
    public const string ExporterVersion = "2.0";

    /// <summary>Builds the ONNX model of <paramref name="module"/> (put in eval mode for the shape probe, and restored).</summary>
    public static ModelProto ToModel(nn.Module<Tensor, Tensor> module, OnnxExportOptions options)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        ModelContract contract = options.Contract;
        var graph = new GraphBuilder();
        string output = Convert(module, string.Empty, contract.InputName, graph);
        long[] outputShape = ProbeOutputShape(module, contract);

        graph.Add(new NodeProto { Name = contract.ProbabilitiesName, OpType = "Softmax", Input = { output }, Output = { contract.ProbabilitiesName }, Attribute = { Int("axis", 1) } });
        graph.Add(new NodeProto { Name = contract.LogitsName, OpType = "Identity", Input = { output }, Output = { contract.LogitsName } });

        graph.Proto.Name = contract.ModelName;
        graph.Proto.Input.Add(TensorValue(contract.InputName, options.BatchDimension, contract.InputShape));
        graph.Proto.Output.Add(TensorValue(contract.LogitsName, options.BatchDimension, outputShape));
        graph.Proto.Output.Add(TensorValue(contract.ProbabilitiesName, options.BatchDimension, outputShape));

        var model = new ModelProto
        {
            IrVersion = 8,
            ProducerName = ProducerName,
            ProducerVersion = ExporterVersion,
            ModelVersion = 1,
            Graph = graph.Proto,
            OpsetImport = { new OperatorSetIdProto { Domain = string.Empty, Version = options.Opset } },
        };
        var metadata = new SortedDictionary<string, string>(options.Provenance.ToDictionary(), StringComparer.Ordinal)
        {
            [ModelMetadataKeys.ExporterVersion] = ExporterVersion,
        };
        foreach ((string key, string value) in contract.ToMetadata())
        {
            metadata[key] = value;
        }

        foreach ((string key, string value) in metadata)
        {
            model.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
        }

        return model;
    }

    /// <summary>Serializes <paramref name="model"/> to <paramref name="path"/> with <see cref="AtomicFile"/>.</summary>
    public static void Save(ModelProto model, string path)
    {
        ArgumentNullException.ThrowIfNull(model);
        AtomicFile.Write(path, model.WriteTo);
    }

    private static string Convert(nn.Module module, string path, string input, GraphBuilder graph) => module switch
    {
        Sequential or ISequentialModule => ConvertChildren(module, path, input, graph),
        Conv2d conv => ConvertConv(conv, path, input, graph),
        ReLU => graph.Node("Relu", path, [input]),
        MaxPool2d or AvgPool2d or AdaptiveAvgPool2d => ConvertPool(module, path, input, graph),
        Flatten flatten => ConvertFlatten(flatten, path, input, graph),
        Linear linear => ConvertLinear(linear, path, input, graph),
        Dropout => input,
        Sigmoid => graph.Node("Sigmoid", path, [input]),
        Softmax softmax => graph.Node("Softmax", path, [input], Int("axis", softmax.dim)),
        LogSoftmax logSoftmax => graph.Node("LogSoftmax", path, [input], Int("axis", logSoftmax.dim)),
        BatchNorm2d norm => ConvertBatchNorm(norm, path, input, graph),
        _ => throw new UnsupportedModuleException(path.Length == 0 ? "(root)" : path, module.GetType().Name, "no ONNX conversion for this module type"),
    };

    private static string ConvertChildren(nn.Module module, string path, string input, GraphBuilder graph)
    {
        string current = input;
        foreach ((string name, nn.Module child) in module.named_children())
        {
            current = Convert(child, path.Length == 0 ? name : $"{path}.{name}", current, graph);
        }

        return current;
    }

    private static string ConvertPool(nn.Module module, string path, string input, GraphBuilder graph)
    {
        switch (module)
        {
            case MaxPool2d pool:
                return graph.Node("MaxPool", path, [input],
                    Ints("kernel_shape", pool.kernel_size), Ints("strides", pool.stride ?? pool.kernel_size), Ints("pads", Pads(pool.padding ?? [0, 0])),
                    Ints("dilations", pool.dilation ?? [1, 1]), Int("ceil_mode", pool.ceil_mode ? 1 : 0));
            case AvgPool2d pool:
                return pool.divisor_override is not null
                    ? throw new UnsupportedModuleException(path, nameof(AvgPool2d), "divisor_override has no ONNX AveragePool equivalent")
                    : graph.Node("AveragePool", path, [input],
                        Ints("kernel_shape", pool.kernel_size), Ints("strides", pool.stride ?? pool.kernel_size), Ints("pads", Pads(pool.padding ?? [0, 0])),
                        Int("ceil_mode", pool.ceil_mode ? 1 : 0), Int("count_include_pad", pool.count_include_pad ? 1 : 0));
            default:
                var adaptive = (AdaptiveAvgPool2d)module;
                return adaptive.output_size.Any(s => s != 1)
                    ? throw new UnsupportedModuleException(path, nameof(AdaptiveAvgPool2d), $"only output size 1×1 is supported, not {string.Join("×", adaptive.output_size)}")
                    : graph.Node("GlobalAveragePool", path, [input]);
        }
    }

    private static string ConvertFlatten(Flatten flatten, string path, string input, GraphBuilder graph) =>
        flatten.start_dim != 1 || flatten.end_dim != -1
            ? throw new UnsupportedModuleException(path, nameof(Flatten), $"only Flatten(start_dim: 1, end_dim: -1) is supported, not ({flatten.start_dim}, {flatten.end_dim})")
            : graph.Node("Flatten", path, [input], Int("axis", 1));

    private static string ConvertLinear(Linear linear, string path, string input, GraphBuilder graph)
    {
        var inputs = new List<string> { input, graph.Initializer($"{path}.weight", linear.weight!) };
        if (linear.bias is not null)
        {
            inputs.Add(graph.Initializer($"{path}.bias", linear.bias));
        }

        return graph.Node("Gemm", path, [.. inputs], Int("transB", 1));
    }

    private static string ConvertConv(Conv2d conv, string path, string input, GraphBuilder graph)
    {
        if (conv.padding_mode != TorchSharp.PaddingModes.Zeros)
        {
            throw new UnsupportedModuleException(path, nameof(Conv2d), $"padding mode {conv.padding_mode} is not supported (only zeros)");
        }

        long[] padding = conv.padding_type switch
        {
            null => conv.padding ?? [0, 0],
            TorchSharp.Padding.Valid => [0, 0],
            _ => throw new UnsupportedModuleException(path, nameof(Conv2d), "padding 'same' is not supported; give explicit padding"),
        };
        var inputs = new List<string> { input, graph.Initializer($"{path}.weight", conv.weight!) };
        if (conv.bias is not null)
        {
            inputs.Add(graph.Initializer($"{path}.bias", conv.bias));
        }

        return graph.Node("Conv", path, [.. inputs],
            Ints("kernel_shape", conv.kernel_size), Ints("strides", conv.stride), Ints("pads", Pads(padding)),
            Ints("dilations", conv.dilation), Int("group", conv.groups));
    }

    private static string ConvertBatchNorm(BatchNorm2d norm, string path, string input, GraphBuilder graph)
    {
        if (norm.running_mean is null || norm.running_var is null)
        {
            throw new UnsupportedModuleException(path, nameof(BatchNorm2d), "it does not track running statistics, so it has no inference form");
        }

        long features = norm.num_features;
        string scale = norm.weight is not null ? graph.Initializer($"{path}.weight", norm.weight) : graph.Initializer($"{path}.weight", ones(features));
        string bias = norm.bias is not null ? graph.Initializer($"{path}.bias", norm.bias) : graph.Initializer($"{path}.bias", zeros(features));
        return graph.Node("BatchNormalization", path,
            [input, scale, bias, graph.Initializer($"{path}.running_mean", norm.running_mean), graph.Initializer($"{path}.running_var", norm.running_var)],
            Float("epsilon", (float)norm.eps));
    }

    // ONNX pads list all begins, then all ends: [top, left, bottom, right] for symmetric PyTorch padding [h, w].
    private static long[] Pads(long[] padding) => padding.Length switch
    {
        1 => [padding[0], padding[0], padding[0], padding[0]],
        2 => [padding[0], padding[1], padding[0], padding[1]],
        _ => throw new ArgumentException($"Unexpected 2-D padding [{string.Join(", ", padding)}]."),
    };

    /// <summary>The module's output shape for one input, batch dimension left out (a classifier gives [classes]).</summary>
    private static long[] ProbeOutputShape(nn.Module<Tensor, Tensor> module, ModelContract contract)
    {
        bool wasTraining = module.training;
        module.eval();
        try
        {
            using var scope = NewDisposeScope();
            using var _ = no_grad();
            Device device = module.parameters().FirstOrDefault()?.device ?? CPU;
            Tensor probe = zeros([1, .. contract.InputShape], device: device);
            Tensor output = module.forward(probe);
            if (output.dim() < 2)
            {
                throw new UnsupportedModuleException($"The module's output has shape [{string.Join(", ", output.shape)}]; it needs a batch dimension and at least one more.");
            }

            return output.shape[1..];
        }
        finally
        {
            module.train(wasTraining);
        }
    }

    private static ValueInfoProto TensorValue(string name, string batchDimension, IEnumerable<long> dims)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = batchDimension });
        foreach (long dim in dims)
        {
            shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = dim });
        }

        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape } },
        };
    }

    private static AttributeProto Int(string name, long value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    private static AttributeProto Float(string name, float value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };

    private static AttributeProto Ints(string name, IEnumerable<long> values) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Ints, Ints = { values } };

    /// <summary>Accumulates nodes and initializers, naming each node's output after its module path.</summary>
    private sealed class GraphBuilder
    {
        private readonly HashSet<string> _nodeNames = new(StringComparer.Ordinal);

        public GraphProto Proto { get; } = new();

        public string Node(string opType, string path, string[] inputs, params AttributeProto[] attributes)
        {
            string output = $"{path}.out";
            Add(new NodeProto { Name = path, OpType = opType, Input = { inputs }, Output = { output }, Attribute = { attributes } });
            return output;
        }

        /// <summary>Adds a node, renaming it if a module path already took its name (ONNX node names must be unique).</summary>
        public void Add(NodeProto node)
        {
            string name = node.Name;
            for (int n = 2; !_nodeNames.Add(name); n++)
            {
                name = $"{node.Name}_{n}";
            }

            node.Name = name;
            Proto.Node.Add(node);
        }

        public string Initializer(string name, Tensor value)
        {
            using var scope = NewDisposeScope();
            Tensor data = value.detach().to(ScalarType.Float32).cpu().contiguous();
            float[] floats = data.data<float>().ToArray();
            var proto = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float, Dims = { data.shape } };
            // ONNX raw_data is little-endian; so is every platform .NET and libtorch run on here.
            proto.RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(floats.AsSpan()));
            Proto.Initializer.Add(proto);
            return name;
        }
    }
}
