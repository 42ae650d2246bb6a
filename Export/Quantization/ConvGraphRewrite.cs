using DataType = Onnx.TensorProto.Types.DataType;
using Onnx;

namespace AlexNetMl.Export.Quantization;

/// <summary>One pass over a graph's nodes that quantizes its blocks, keeping track of which tensors exist in uint8 and which in float.</summary>
internal sealed class ConvGraphRewrite
{
    private readonly GraphProto _graph;
    private readonly IReadOnlyDictionary<string, float> _maxima;
    private readonly Dictionary<string, NodeProto> _blocks;
    private readonly Dictionary<string, TensorProto> _initializers;
    private readonly HashSet<string> _skipped;
    private readonly Dictionary<string, QuantizedTensor> _uint8 = new(StringComparer.Ordinal);
    private readonly HashSet<string> _floats;
    private readonly List<NodeProto> _nodes = [];

    public ConvGraphRewrite(GraphProto graph, IReadOnlyDictionary<string, float> maxima, Dictionary<string, NodeProto> blocks)
    {
        _graph = graph;
        _maxima = maxima;
        _blocks = blocks;
        _initializers = graph.Initializer.ToDictionary(i => i.Name, StringComparer.Ordinal);
        _skipped = blocks.Values.Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
        _floats = graph.Input.Select(i => i.Name).Concat(_initializers.Keys).ToHashSet(StringComparer.Ordinal);
    }

    public void Run()
    {
        foreach (NodeProto node in _graph.Node)
        {
            if (!_skipped.Contains(node.Name) && !TryBlock(node) && !TryPool(node))
            {
                Keep(node);
            }
        }

        foreach (ValueInfoProto output in _graph.Output)
        {
            NeedFloat(output.Name);
        }

        _graph.Node.Clear();
        _graph.Node.Add(_nodes);
    }

    // A Conv→ReLU block becomes one QLinearConv, its input quantized once.
    private bool TryBlock(NodeProto node)
    {
        if (!_blocks.TryGetValue(node.Name, out NodeProto? relu))
        {
            return false;
        }

        string x = node.Input[0];
        if (!_uint8.TryGetValue(x, out QuantizedTensor? input))
        {
            input = Activation(x);
            _nodes.Add(OnnxTensors.Node("QuantizeLinear", $"{x}.quantize", [x, input.Scale, input.ZeroPoint], [input.Name]));
            _uint8[x] = input;
        }

        QuantizedTensor output = Activation(relu.Output[0]);
        _nodes.Add(ConvQuantizer.Rewrite(node, input, output, _initializers, _graph));
        _uint8[relu.Output[0]] = output;
        return true;
    }

    // A max-pool of a uint8 tensor runs in uint8, with the same scale.
    private bool TryPool(NodeProto node)
    {
        if (node.OpType != "MaxPool" || node.Output.Count != 1 || _floats.Contains(node.Input[0]) || !_uint8.TryGetValue(node.Input[0], out QuantizedTensor? pooled))
        {
            return false;
        }

        QuantizedTensor result = pooled with { Name = $"{node.Output[0]}.uint8" };
        _nodes.Add(OnnxTensors.Node("MaxPool", node.Name, [pooled.Name], [result.Name], [.. node.Attribute]));
        _uint8[node.Output[0]] = result;
        return true;
    }

    private void Keep(NodeProto node)
    {
        foreach (string input in node.Input)
        {
            NeedFloat(input);
        }

        _nodes.Add(node);
        _floats.UnionWith(node.Output);
    }

    private QuantizedTensor Activation(string tensor)
    {
        float largest = _maxima[tensor];
        var result = new QuantizedTensor($"{tensor}.uint8", $"{tensor}.scale", $"{tensor}.zero_point", largest > 0 ? largest / ConvQuantizer.ActivationLevels : 1f);
        _graph.Initializer.Add(OnnxTensors.Float(result.Scale, [], [result.ScaleValue]));
        _graph.Initializer.Add(OnnxTensors.Bytes(result.ZeroPoint, DataType.Uint8, [], [0]));
        return result;
    }

    private void NeedFloat(string tensor)
    {
        if (!_floats.Contains(tensor) && _uint8.TryGetValue(tensor, out QuantizedTensor? q))
        {
            _nodes.Add(OnnxTensors.Node("DequantizeLinear", $"{tensor}.dequantize", [q.Name, q.Scale, q.ZeroPoint], [tensor]));
            _floats.Add(tensor);
        }
    }
}
