using System.Runtime.InteropServices;
using AlexNetMl.Contract.Model;
using AlexNetMl.Contract.Settings;
using Onnx;

namespace AlexNetMl.Export.Quantization;

/// <summary>
/// Int8 quantization of an exported model's dense layers (weights once, activations at every call), in standard ONNX
/// operators that ONNX Runtime's CPU provider runs with integer kernels; <see cref="ConvQuantizer"/> does the convolutions.
/// </summary>
/// <remarks>
/// <para>
/// Each <c>Gemm</c> whose weight is an initializer becomes
/// <c>DynamicQuantizeLinear(x) → MatMulInteger(x_q, W_q) → Cast → Mul(x_scale × w_scale) → Add(bias)</c>: the
/// activations are quantized per call (uint8, per tensor), the weights once (int8, symmetric, one scale per output
/// channel). ONNX Runtime fuses the chain into its DynamicQuantizeMatMul kernel. A plain DequantizeLinear of the
/// weights before a float Gemm would shrink the file but not the time: the dense layers are bound by reading their
/// weights, and only the integer kernel reads a quarter of the bytes.
/// </para>
/// <para>
/// Weights use 7 of the 8 bits (±63): ONNX Runtime's uint8 × int8 kernel on AVX2 CPUs without VNNI adds pairs of
/// products in 16 bits (vpmaddubsw), which saturates above 32,767; 255 × 63 × 2 = 32,130 cannot. The lost bit costs
/// less accuracy than saturation would, and the verification after export measures it.
/// </para>
/// <para>The convolutions are quantized by <see cref="ConvQuantizer"/>, statically, before this runs.</para>
/// </remarks>
public static class DenseQuantizer
{
    /// <summary>Largest quantized magnitude: 7 bits.</summary>
    public const int Levels = 63;

    /// <summary>
    /// Quantizes a row-major [<paramref name="outputs"/>, <paramref name="inputs"/>] weight matrix per row (output
    /// channel): scale = max |w| / <see cref="Levels"/>, q = round(w / scale). Every element's error is at most scale / 2.
    /// </summary>
    public static (sbyte[] Values, float[] Scales) Quantize(ReadOnlySpan<float> weights, int outputs, int inputs)
    {
        if (weights.Length != outputs * inputs)
        {
            throw new ArgumentException($"{weights.Length} weights do not make a {outputs}×{inputs} matrix.", nameof(weights));
        }

        sbyte[] values = new sbyte[weights.Length];
        float[] scales = new float[outputs];
        for (int row = 0; row < outputs; row++)
        {
            ReadOnlySpan<float> w = weights.Slice(row * inputs, inputs);
            float largest = 0;
            foreach (float v in w)
            {
                largest = Math.Max(largest, Math.Abs(v));
            }

            float scale = largest > 0 ? largest / Levels : 1f;
            scales[row] = scale;
            for (int i = 0; i < inputs; i++)
            {
                values[(row * inputs) + i] = (sbyte)Math.Clamp(MathF.Round(w[i] / scale), -Levels, Levels);
            }
        }

        return (values, scales);
    }

    /// <summary>
    /// A copy of <paramref name="model"/> with every dense layer quantized and the contract's weight format set to int8.
    /// </summary>
    /// <exception cref="ArgumentException">The model has no dense layer with an initializer weight.</exception>
    public static ModelProto QuantizeDenseLayers(ModelProto model)
    {
        ArgumentNullException.ThrowIfNull(model);
        ModelProto quantized = model.Clone();
        GraphProto graph = quantized.Graph;
        Dictionary<string, TensorProto> initializers = graph.Initializer.ToDictionary(i => i.Name);
        var nodes = new List<NodeProto>();
        int rewritten = 0;
        foreach (NodeProto node in graph.Node)
        {
            if (node.OpType == "Gemm" && IsDenseLayer(node, initializers))
            {
                nodes.AddRange(Rewrite(node, initializers, graph));
                rewritten++;
            }
            else
            {
                nodes.Add(node);
            }
        }

        if (rewritten == 0)
        {
            throw new ArgumentException("The model has no dense layer (Gemm with transB=1 and an initializer weight) to quantize.");
        }

        graph.Node.Clear();
        graph.Node.Add(nodes);
        StringStringEntryProto? weights = quantized.MetadataProps.FirstOrDefault(p => p.Key == ModelMetadataKeys.Weights);
        if (weights is null)
        {
            quantized.MetadataProps.Add(new StringStringEntryProto { Key = ModelMetadataKeys.Weights, Value = SettingNames.Of(ModelWeights.QuantizedInt8) });
        }
        else
        {
            weights.Value = SettingNames.Of(ModelWeights.QuantizedInt8);
        }

        return quantized;
    }

    private static bool IsDenseLayer(NodeProto node, Dictionary<string, TensorProto> initializers) =>
        node.Input.Count >= 2 && initializers.TryGetValue(node.Input[1], out TensorProto? weight) && weight.Dims.Count == 2
        && node.Attribute.Any(a => a.Name == "transB" && a.I == 1)
        && !node.Attribute.Any(a => a.Name == "transA" && a.I != 0)
        && !node.Attribute.Any(a => a.Name is "alpha" or "beta" && Math.Abs(a.F - 1f) > 0);

    private static IEnumerable<NodeProto> Rewrite(NodeProto gemm, Dictionary<string, TensorProto> initializers, GraphProto graph)
    {
        string name = gemm.Name;
        TensorProto weight = initializers[gemm.Input[1]];
        int outputs = (int)weight.Dims[0];
        int inputs = (int)weight.Dims[1];
        float[] floats = MemoryMarshal.Cast<byte, float>(weight.RawData.Span).ToArray();
        (sbyte[] values, float[] scales) = Quantize(floats, outputs, inputs);

        // MatMulInteger multiplies [N, in] by [in, out]: store the quantized weight transposed.
        sbyte[] transposed = new sbyte[values.Length];
        for (int o = 0; o < outputs; o++)
        {
            for (int i = 0; i < inputs; i++)
            {
                transposed[(i * outputs) + o] = values[(o * inputs) + i];
            }
        }

        graph.Initializer.Remove(weight);
        string quantizedWeight = $"{name}.weight_int8";
        string weightScale = $"{name}.weight_scale";
        graph.Initializer.Add(OnnxTensors.Bytes(quantizedWeight, TensorProto.Types.DataType.Int8, [inputs, outputs], MemoryMarshal.AsBytes(transposed.AsSpan())));
        graph.Initializer.Add(OnnxTensors.Float(weightScale, [outputs], scales));

        string x = gemm.Input[0];
        yield return OnnxTensors.Node("DynamicQuantizeLinear", $"{name}.quantize", [x], [$"{name}.x_q", $"{name}.x_scale", $"{name}.x_zero"]);
        yield return OnnxTensors.Node("MatMulInteger", $"{name}.matmul", [$"{name}.x_q", quantizedWeight, $"{name}.x_zero"], [$"{name}.int32"]);
        yield return OnnxTensors.Node("Cast", $"{name}.cast", [$"{name}.int32"], [$"{name}.float"], new AttributeProto { Name = "to", Type = AttributeProto.Types.AttributeType.Int, I = (long)TensorProto.Types.DataType.Float });
        yield return OnnxTensors.Node("Mul", $"{name}.scale", [$"{name}.x_scale", weightScale], [$"{name}.combined_scale"]);
        bool hasBias = gemm.Input.Count > 2 && !string.IsNullOrEmpty(gemm.Input[2]);
        string scaled = hasBias ? $"{name}.scaled" : gemm.Output[0];
        yield return OnnxTensors.Node("Mul", $"{name}.dequantize", [$"{name}.float", $"{name}.combined_scale"], [scaled]);
        if (hasBias)
        {
            yield return OnnxTensors.Node("Add", $"{name}.bias", [scaled, gemm.Input[2]], [gemm.Output[0]]);
        }
    }
}
