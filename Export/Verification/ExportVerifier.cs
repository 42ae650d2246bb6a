using System.Numerics.Tensors;
using AlexNetMl.Contract.OnnxSessions;
using Microsoft.ML.OnnxRuntime.Tensors;
using Microsoft.ML.OnnxRuntime;
using Tensor = TorchSharp.torch.Tensor;
using static TorchSharp.torch;

namespace AlexNetMl.Export.Verification;

/// <summary>Runs the same inputs through TorchSharp (eval mode) and ONNX Runtime and compares the logits.</summary>
public static class ExportVerifier
{
    /// <summary>Default tolerance: max |Δlogit| at most 1e-4 of the logit scale.</summary>
    public const double DefaultTolerance = 1e-4;

    /// <summary>
    /// Compares <paramref name="module"/> with the ONNX model in <paramref name="modelBytes"/> on batches drawn from
    /// <paramref name="inputs"/> (called with a batch size; returns a float32 CPU tensor [B, C, H, W]).
    /// </summary>
    public static ParityReport Verify(
        nn.Module<Tensor, Tensor> module,
        byte[] modelBytes,
        Func<int, Tensor> inputs,
        IReadOnlyList<int> batchSizes,
        string inputDescription,
        string inputName,
        string logitsName,
        double tolerance = DefaultTolerance)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(batchSizes);
        using InferenceSession session = OrtSessions.Open(modelBytes);
        bool wasTraining = module.training;
        module.eval();
        try
        {
            var results = new List<BatchParity>();
            foreach (int batchSize in batchSizes)
            {
                using var scope = NewDisposeScope();
                using var _ = no_grad();
                Tensor batch = inputs(batchSize).to(ScalarType.Float32).cpu().contiguous();
                Device device = module.parameters().FirstOrDefault()?.device ?? CPU;
                float[] expected = module.forward(batch.to(device)).cpu().contiguous().data<float>().ToArray();
                float[] actual = RunOnnx(session, batch, inputName, logitsName);
                results.Add(Compare(expected, actual, batchSize));
            }

            return new ParityReport(results, tolerance, inputDescription);
        }
        finally
        {
            module.train(wasTraining);
        }
    }

    private static float[] RunOnnx(InferenceSession session, Tensor batch, string inputName, string logitsName)
    {
        float[] data = batch.data<float>().ToArray();
        var input = new DenseTensor<float>(data, batch.shape.Select(d => (int)d).ToArray());
        using IDisposableReadOnlyCollection<DisposableNamedOnnxValue> outputs = session.Run([NamedOnnxValue.CreateFromTensor(inputName, input)], [logitsName]);
        return outputs.Single().AsEnumerable<float>().ToArray();
    }

    private static BatchParity Compare(float[] expected, float[] actual, int batchSize)
    {
        if (expected.Length != actual.Length)
        {
            throw new InvalidOperationException($"TorchSharp gave {expected.Length} logits but ONNX Runtime gave {actual.Length} for batch {batchSize}.");
        }

        // Per image, the arg-max over all its outputs (the classes, for a classifier).
        int classes = expected.Length / batchSize;
        double maxDifference = 0;
        double scale = 1;
        int mismatches = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            maxDifference = Math.Max(maxDifference, Math.Abs(expected[i] - actual[i]));
            scale = Math.Max(scale, Math.Abs(expected[i]));
        }

        for (int b = 0; b < batchSize; b++)
        {
            if (TensorPrimitives.IndexOfMax<float>(expected.AsSpan(b * classes, classes)) != TensorPrimitives.IndexOfMax<float>(actual.AsSpan(b * classes, classes)))
            {
                mismatches++;
            }
        }

        return new BatchParity(batchSize, maxDifference, scale, mismatches);
    }
}
