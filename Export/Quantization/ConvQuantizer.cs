using System.Runtime.InteropServices;
using AlexNetMl.Contract.Model;
using AlexNetMl.Contract.OnnxSessions;
using DataType = Onnx.TensorProto.Types.DataType;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Onnx;
using static TorchSharp.torch;

namespace AlexNetMl.Export.Quantization;

/// <summary>
/// Static int8 quantization of an exported model's convolutions: every <c>Conv → Relu</c> pair becomes one
/// <c>QLinearConv</c> whose activation scales were calibrated on real images, and the max-pools between them run on
/// the uint8 tensors.
/// </summary>
/// <remarks>
/// <para>
/// The convolutions do nearly all of AlexNet's arithmetic (docs/exercises.md, exercise 1), and they reuse each weight hundreds of times per image, so they
/// are bound by compute, not by reading weights: only integer arithmetic makes them faster. Dynamic quantization
/// (<c>DynamicQuantizeLinear → ConvInteger</c>) was tried first and was no faster than float convolutions on the
/// development machine: ONNX Runtime's ConvInteger takes uint8 weights only, and each layer adds float passes to
/// quantize and dequantize. <c>QLinearConv</c> takes int8 weights with per-output-channel scales and writes uint8, so
/// consecutive layers stay in uint8 and the image is quantized once.
/// </para>
/// <para>
/// Each ReLU's output is non-negative: its uint8 scale is (calibrated maximum) / 255 with zero point 0, and
/// QLinearConv's saturation at 0 is the ReLU. Weights use <see cref="DenseQuantizer.Levels"/> levels for the reason
/// given there. The bias becomes int32 in units of input scale × weight scale, as QLinearConv requires.
/// </para>
/// </remarks>
public static class ConvQuantizer
{
    /// <summary>Largest uint8 activation level.</summary>
    public const int ActivationLevels = 255;

    /// <summary>The ONNX operator each quantized block becomes.</summary>
    public const string Operator = "QLinearConv";

    /// <summary>The <c>Conv → Relu</c> pairs that quantize: a convolution with an initializer weight whose only consumer is a ReLU.</summary>
    public static IReadOnlyList<(NodeProto Conv, NodeProto Relu)> Blocks(GraphProto graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var initializers = graph.Initializer.Select(i => i.Name).ToHashSet(StringComparer.Ordinal);
        var blocks = new List<(NodeProto, NodeProto)>();
        foreach (NodeProto conv in graph.Node.Where(n => n.OpType == "Conv" && n.Input.Count >= 2 && initializers.Contains(n.Input[1])))
        {
            NodeProto[] consumers = graph.Node.Where(n => n.Input.Contains(conv.Output[0])).ToArray();
            bool isGraphOutput = graph.Output.Any(o => o.Name == conv.Output[0]);
            if (consumers is [{ OpType: "Relu" } relu] && !isGraphOutput)
            {
                blocks.Add((conv, relu));
            }
        }

        return blocks;
    }

    /// <summary>
    /// The largest value each quantized block's input and output reach on <paramref name="batches"/>, by tensor name,
    /// from the float <paramref name="model"/> run in ONNX Runtime. Empty when the model has no block.
    /// </summary>
    public static IReadOnlyDictionary<string, float> Calibrate(ModelProto model, ModelContract contract, IEnumerable<Tensor> batches)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(contract);
        ArgumentNullException.ThrowIfNull(batches);
        var maxima = new Dictionary<string, float>(StringComparer.Ordinal);
        IReadOnlyList<(NodeProto Conv, NodeProto Relu)> blocks = Blocks(model.Graph);
        if (blocks.Count == 0)
        {
            return maxima;
        }

        string[] observed = blocks.SelectMany(b => new[] { b.Conv.Input[0], b.Relu.Output[0] }).Distinct(StringComparer.Ordinal).ToArray();
        ModelProto probe = model.Clone();
        foreach (string name in observed.Where(n => n != contract.InputName && probe.Graph.Output.All(o => o.Name != n)))
        {
            probe.Graph.Output.Add(new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)DataType.Float } } });
        }

        var minima = new Dictionary<string, float>(StringComparer.Ordinal);
        string[] outputs = observed.Where(n => n != contract.InputName).ToArray();
        if (ObserveRanges(probe, contract.InputName, outputs, batches, maxima, minima) == 0)
        {
            throw new ArgumentException("No images to calibrate the int8 convolutions on.", nameof(batches));
        }

        // A tensor with negative values does not fit uint8 with zero point 0: leave it out, and its block stays float.
        foreach ((string name, float smallest) in minima.Where(m => m.Value < 0))
        {
            maxima.Remove(name);
        }

        return maxima;
    }

    // Runs the probe (the model with every observed tensor as an output) on each batch; returns the batches seen.
    private static int ObserveRanges(ModelProto probe, string inputName, string[] outputs, IEnumerable<Tensor> batches, Dictionary<string, float> maxima, Dictionary<string, float> minima)
    {
        using InferenceSession session = OrtSessions.Open(probe.ToByteArray());
        using var runOptions = new RunOptions();
        int seen = 0;
        foreach (Tensor batch in batches)
        {
            using var scope = NewDisposeScope();
            Tensor input = batch.to(ScalarType.Float32).cpu().contiguous();
            float[] data = input.data<float>().ToArray();
            Observe(maxima, minima, inputName, data);
            using OrtValue value = OrtValue.CreateTensorValueFromMemory(data, input.shape);
            using IDisposableReadOnlyCollection<OrtValue> results = session.Run(runOptions, [inputName], [value], outputs);
            for (int i = 0; i < outputs.Length; i++)
            {
                Observe(maxima, minima, outputs[i], results[i].GetTensorDataAsSpan<float>());
            }

            seen++;
        }

        return seen;
    }

    /// <summary>
    /// A copy of <paramref name="model"/> whose <see cref="Blocks"/> run as QLinearConv with the scales of
    /// <paramref name="maxima"/> (from <see cref="Calibrate"/>); max-pools of quantized tensors run in uint8, and a
    /// DequantizeLinear brings a tensor back to float where a float operator reads it. A block whose input or output has
    /// no range in <paramref name="maxima"/> stays float.
    /// </summary>
    public static ModelProto QuantizeConvolutions(ModelProto model, IReadOnlyDictionary<string, float> maxima)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(maxima);
        ModelProto quantized = model.Clone();
        GraphProto graph = quantized.Graph;
        var blocks = Blocks(graph).Where(b => maxima.ContainsKey(b.Conv.Input[0]) && maxima.ContainsKey(b.Relu.Output[0]))
            .ToDictionary(b => b.Conv.Name, b => b.Relu, StringComparer.Ordinal);
        if (blocks.Count == 0)
        {
            return quantized;
        }

        new ConvGraphRewrite(graph, maxima, blocks).Run();
        return quantized;
    }

    /// <summary>Rounds float biases to int32 in units of <paramref name="inputScale"/> × each channel's weight scale.</summary>
    public static int[] QuantizeBias(ReadOnlySpan<float> bias, float inputScale, ReadOnlySpan<float> weightScales)
    {
        if (bias.Length != weightScales.Length)
        {
            throw new ArgumentException($"{bias.Length} biases for {weightScales.Length} weight scales.", nameof(bias));
        }

        int[] values = new int[bias.Length];
        for (int c = 0; c < values.Length; c++)
        {
            values[c] = (int)Math.Round(bias[c] / ((double)inputScale * weightScales[c]));
        }

        return values;
    }

    internal static NodeProto Rewrite(NodeProto conv, QuantizedTensor input, QuantizedTensor output, Dictionary<string, TensorProto> initializers, GraphProto graph)
    {
        string name = conv.Name;
        TensorProto weight = initializers[conv.Input[1]];
        int channels = (int)weight.Dims[0];
        int perChannel = (int)(weight.Dims.Aggregate(1L, (a, b) => a * b) / channels);
        (sbyte[] values, float[] scales) = DenseQuantizer.Quantize(MemoryMarshal.Cast<byte, float>(weight.RawData.Span), channels, perChannel);
        graph.Initializer.Remove(weight);
        graph.Initializer.Add(OnnxTensors.Bytes($"{name}.weight_int8", DataType.Int8, weight.Dims, MemoryMarshal.AsBytes(values.AsSpan())));
        graph.Initializer.Add(OnnxTensors.Float($"{name}.weight_scale", [channels], scales));
        graph.Initializer.Add(OnnxTensors.Bytes($"{name}.weight_zero_point", DataType.Int8, [channels], new byte[channels]));
        List<string> inputs =
        [
            input.Name, input.Scale, input.ZeroPoint, $"{name}.weight_int8", $"{name}.weight_scale", $"{name}.weight_zero_point", output.Scale, output.ZeroPoint,
        ];
        if (conv.Input.Count > 2 && !string.IsNullOrEmpty(conv.Input[2]))
        {
            TensorProto bias = initializers[conv.Input[2]];
            int[] quantizedBias = QuantizeBias(MemoryMarshal.Cast<byte, float>(bias.RawData.Span), input.ScaleValue, scales);
            graph.Initializer.Remove(bias);
            graph.Initializer.Add(OnnxTensors.Bytes($"{name}.bias_int32", DataType.Int32, [channels], MemoryMarshal.AsBytes(quantizedBias.AsSpan())));
            inputs.Add($"{name}.bias_int32");
        }

        return OnnxTensors.Node(Operator, name, [.. inputs], [output.Name], [.. conv.Attribute]);
    }

    private static void Observe(Dictionary<string, float> maxima, Dictionary<string, float> minima, string name, ReadOnlySpan<float> values)
    {
        float largest = maxima.GetValueOrDefault(name), smallest = minima.GetValueOrDefault(name);
        foreach (float v in values)
        {
            largest = Math.Max(largest, v);
            smallest = Math.Min(smallest, v);
        }

        maxima[name] = largest;
        minima[name] = smallest;
    }


}
