using AlexNetMl.Contract.OnnxSessions;
using AlexNetMl.Pipeline.Data;
using AlexNetMl.Pipeline.DataView;
using AlexNetMl.Pipeline.Scoring;
using AlexNetMl.Pipeline.Transforms;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML;

namespace AlexNetMl.Pipeline.Evaluation;

/// <summary>
/// Scores with ONNX Runtime in batches instead of ML.NET's one row at a time, then hands the scores to the same ML.NET
/// evaluator as an <see cref="IDataView"/>. For evaluating large sets fast; apps use the chain.
/// </summary>
public static class BatchedScorer
{
    /// <summary>Images per ONNX Runtime call.</summary>
    public const int DefaultBatchSize = 32;

    /// <summary>Opens an ONNX Runtime session for <paramref name="model"/> (CPU), quiet unless it fails.</summary>
    public static InferenceSession OpenSession(OnnxModelInfo model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return OrtSessions.Open(model.Path);
    }

    /// <summary>Scores <paramref name="dataset"/> and returns its data view with the probabilities column the evaluator reads.</summary>
    public static IDataView Score(FashionMnistDataset dataset, OnnxModelInfo model, int batchSize = DefaultBatchSize)
    {
        using InferenceSession session = OpenSession(model);
        return Score(dataset, model, session, batchSize);
    }

    /// <summary>Scores with an already open <paramref name="session"/> of <paramref name="model"/>.</summary>
    public static IDataView Score(FashionMnistDataset dataset, OnnxModelInfo model, InferenceSession session, int batchSize = DefaultBatchSize)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(session);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        var contract = model.Contract;
        int pixels = contract.InputHeight * contract.InputWidth;
        int classes = contract.ClassCount;
        float[] scores = new float[(long)dataset.Count * classes];
        using var runOptions = new RunOptions();
        float[] input = new float[batchSize * pixels];
        for (int start = 0; start < dataset.Count; start += batchSize)
        {
            int count = Math.Min(batchSize, dataset.Count - start);
            Parallel.For(0, count, i => ImageUpsampler.ToModelInput(dataset.Image(start + i), input.AsSpan(i * pixels, pixels), contract));
            using OrtValue value = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, input.AsMemory(0, count * pixels), [count, contract.InputChannels, contract.InputHeight, contract.InputWidth]);
            using IDisposableReadOnlyCollection<OrtValue> outputs = session.Run(runOptions, [contract.InputName], [value], [contract.ProbabilitiesName]);
            outputs[0].GetTensorDataAsSpan<float>().CopyTo(scores.AsSpan(start * classes, count * classes));
        }

        return FashionMnistDataView.WithScores(dataset, scores, contract.ProbabilitiesName, classes);
    }
}
