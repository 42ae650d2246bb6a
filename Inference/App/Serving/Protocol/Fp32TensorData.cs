namespace AlexNetMl.Inference.Serving.Protocol;

/// <summary>Elements already typed as FP32 (gRPC's <c>contents.fp32_contents</c>).</summary>
public sealed class Fp32TensorData(IReadOnlyList<float> values) : TensorData
{
    /// <inheritdoc/>
    public override float[] ToFloats(string input, int expected)
    {
        if (values.Count != expected)
        {
            throw WrongCount(input, $"{values.Count} values", expected);
        }

        float[] floats = [.. values];
        return CheckFinite(input, floats);
    }
}
