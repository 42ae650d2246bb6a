using System.Diagnostics;
using AlexNetMl.Contract.IO;
using AlexNetMl.Pipeline.Data;
using AlexNetMl.Pipeline.DataView;
using AlexNetMl.Pipeline.Scoring;
using Microsoft.ML;

namespace AlexNetMl.Pipeline.Evaluation;

/// <summary>Scores the Fashion-MNIST test set and evaluates the scores with ML.NET's multiclass evaluator.</summary>
public static class FashionEvaluator
{
    /// <summary>The report, as markdown.</summary>
    public const string ReportFile = "report.md";

    /// <summary>The report, as JSON.</summary>
    public const string MetricsFile = "metrics.json";

    /// <summary>Runs the evaluation and writes the report files.</summary>
    public static EvaluationReport Run(MLContext mlContext, FashionEvaluationOptions options)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        FashionMnistDataset dataset = FashionMnistDataset.Load(options.DataDirectory, FashionMnistSplit.Test).Take(options.Limit);
        EvaluationReport report = options.Scorer == EvaluationScorer.Batched ? RunBatched(mlContext, dataset, options) : RunChain(mlContext, dataset, options);
        if (options.OutputDirectory is not null)
        {
            Write(report, options.OutputDirectory);
        }

        return report;
    }

    /// <summary>Writes report.md and metrics.json into <paramref name="directory"/>.</summary>
    public static void Write(EvaluationReport report, string directory)
    {
        ArgumentNullException.ThrowIfNull(report);
        AtomicFile.WriteAllText(Path.Combine(directory, ReportFile), report.ToMarkdown());
        AtomicFile.WriteAllText(Path.Combine(directory, MetricsFile), report.ToJson());
    }

    private static EvaluationReport RunChain(MLContext mlContext, FashionMnistDataset dataset, FashionEvaluationOptions options)
    {
        var watch = Stopwatch.StartNew();
        using LoadedModel model = ModelLoader.Load(mlContext, options.ModelPath, options.Device, options.GpuId);
        IDataView data = mlContext.Data.LoadFashionMnist(dataset);
        const string Scorer = "ML.NET chain (ImageSharp upsample → ApplyOnnxModel)";
        return EvaluationReport.Evaluate(mlContext, model.Transformer.Transform(data), model.Contract, model.Device.Description, model.Path, Scorer)
            with { Seconds = watch.Elapsed.TotalSeconds, InferredContract = model.InferredContract };
    }

    private static EvaluationReport RunBatched(MLContext mlContext, FashionMnistDataset dataset, FashionEvaluationOptions options)
    {
        var watch = Stopwatch.StartNew();
        OnnxModelInfo model = ModelLoader.ReadOnnx(options.ModelPath);
        IDataView scored = BatchedScorer.Score(dataset, model);
        return EvaluationReport.Evaluate(mlContext, scored, model.Contract, ScoringDevice.Cpu.Description, model.Path, $"batched (ONNX Runtime, batch {BatchedScorer.DefaultBatchSize})")
            with { Seconds = watch.Elapsed.TotalSeconds, InferredContract = model.InferredContract };
    }
}
