using AlexNetMl.Pipeline.Data;
using AlexNetMl.Pipeline.DataView;
using AlexNetMl.Pipeline.Scoring;
using AlexNetMl.Pipeline.Transforms;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;

namespace AlexNetMl.Pipeline.Evaluation;

/// <summary>
/// Scores with ONNX Runtime in batches instead of ML.NET's one row at a time, then hands the scores to the same ML.NET
/// evaluator as an <see cref="IDataView"/>. For evaluating large sets fast; apps use the chain (<c>--scorer chain</c>).
/// </summary>
public static class BatchedScorer
{
    /// <summary>Images per ONNX Runtime call.</summary>
    public const int DefaultBatchSize = 32;

    /// <summary>Opens an ONNX Runtime session for <paramref name="model"/> (CPU), quiet unless it fails.</summary>
    public static InferenceSession OpenSession(OnnxModelInfo model)
    {
        ArgumentNullException.ThrowIfNull(model);
        using var options = new SessionOptions { LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL };
        return new InferenceSession(model.Path, options);
    }

    /// <summary>Scores <paramref name="dataset"/> with the model and returns (Label, probabilities) rows for the evaluator.</summary>
    public static IDataView Score(MLContext mlContext, FashionMnistDataset dataset, OnnxModelInfo model, int batchSize = DefaultBatchSize)
    {
        using InferenceSession session = OpenSession(model);
        return Score(mlContext, dataset, model, session, batchSize);
    }

    /// <summary>Scores with an already open <paramref name="session"/> of <paramref name="model"/>.</summary>
    public static IDataView Score(MLContext mlContext, FashionMnistDataset dataset, OnnxModelInfo model, InferenceSession session, int batchSize = DefaultBatchSize)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(session);
        int side = model.InputHeight;
        int pixels = side * side;
        var rows = new ScoredRow[dataset.Count];
        using var runOptions = new RunOptions();
        float[] input = new float[batchSize * pixels];
        for (int start = 0; start < dataset.Count; start += batchSize)
        {
            int count = Math.Min(batchSize, dataset.Count - start);
            Parallel.For(0, count, i => ImageUpsampler.Upsample(dataset.Image(start + i), input.AsSpan(i * pixels, pixels), side));
            using OrtValue value = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, input.AsMemory(0, count * pixels), [count, 1, side, side]);
            using IDisposableReadOnlyCollection<OrtValue> outputs = session.Run(runOptions, [model.InputName], [value], [model.ProbabilitiesName]);
            ReadOnlySpan<float> probabilities = outputs[0].GetTensorDataAsSpan<float>();
            for (int i = 0; i < count; i++)
            {
                // The evaluator reads Label as a key; LoadFromEnumerable stores a [KeyType] member's value + 1.
                rows[start + i] = new ScoredRow { Label = (uint)dataset.Label(start + i), Probabilities = probabilities.Slice(i * FashionMnistClasses.Count, FashionMnistClasses.Count).ToArray() };
            }
        }

        return mlContext.Data.LoadFromEnumerable(rows);
    }

    private sealed class ScoredRow
    {
        [KeyType(FashionMnistClasses.Count)]
        public uint Label { get; set; }

        [ColumnName(FashionMnistColumns.Probabilities)]
        [VectorType(FashionMnistClasses.Count)]
        public float[] Probabilities { get; set; } = [];
    }
}
