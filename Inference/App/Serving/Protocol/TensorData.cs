using System.Numerics.Tensors;

namespace AlexNetMl.Inference.Serving.Protocol;

/// <summary>
/// An input tensor's elements as a protocol carries them (JSON numbers, binary bytes, gRPC's typed contents), read as
/// FP32 only once the shape is known to fit the model, so no request can make the server allocate more than it takes.
/// </summary>
public abstract class TensorData
{
    /// <summary>
    /// The elements as row-major FP32, exactly <paramref name="expected"/> of them and all finite, or an
    /// <see cref="InferenceException"/> naming <paramref name="input"/> and what is wrong.
    /// </summary>
    public abstract float[] ToFloats(string input, int expected);

    /// <summary>The message for data of the wrong length.</summary>
    protected static InferenceException WrongCount(string input, string found, int expected) =>
        new($"Input '{input}' has {found}; its shape needs {expected} FP32 values.");

    /// <summary><paramref name="values"/> if all are finite (checked with SIMD), else an error naming the first that is not.</summary>
    protected static float[] CheckFinite(string input, float[] values) =>
        TensorPrimitives.IsFiniteAll<float>(values)
            ? values
            : throw new InferenceException($"Input '{input}' has a value at element {Array.FindIndex(values, v => !float.IsFinite(v))} that is not a finite number.");
}
