using System.Diagnostics;
using AlexNetMl.Contract.IO;
using AlexNetMl.Contract.Settings;
using AlexNetMl.Pipeline.Data;
using AlexNetMl.Pipeline.DataView;
using AlexNetMl.Pipeline.Scoring;
using Microsoft.ML;

namespace AlexNetMl.Pipeline.Evaluation;

/// <summary>Options of an evaluation run. Validates itself.</summary>
public sealed class FashionEvaluationOptions
{
    /// <summary>model.onnx (the chain is built and saved as model.zip beside the reports) or model.zip (loaded as saved); told apart by content.</summary>
    public string ModelPath { get; set; } = string.Empty;

    /// <summary>Fashion-MNIST directory.</summary>
    public string DataDirectory { get; set; } = string.Empty;

    /// <summary>Evaluate only the first N test images.</summary>
    public int? Limit { get; set; }

    /// <summary>Where ONNX scoring runs: for an ONNX file and a model.zip alike.</summary>
    public ComputeDevice Device { get; set; } = ComputeDevice.Auto;

    /// <summary>The CUDA device to use when <see cref="Device"/> allows CUDA.</summary>
    public int GpuId { get; set; }

    /// <summary>Folder that receives report.md and metrics.json (and model.zip when the chain scores an ONNX file); null writes nothing.</summary>
    public string? OutputDirectory { get; set; }

    /// <summary>How the images are scored.</summary>
    public EvaluationScorer Scorer { get; set; } = EvaluationScorer.Chain;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(ModelPath))
        {
            throw new ArgumentException("--model must name a model.onnx or model.zip file.");
        }

        if (!Enum.IsDefined(Scorer) || !Enum.IsDefined(Device))
        {
            throw new ArgumentException($"Unknown scorer {Scorer} or device {Device}.");
        }

        if (Limit is <= 0)
        {
            throw new ArgumentException($"--eval-limit must be positive (got {Limit}).");
        }

        if (GpuId < 0)
        {
            throw new ArgumentException($"--gpu-id must be 0 or more (got {GpuId}).");
        }

        if (OutputDirectory is not null && !Directory.Exists(OutputDirectory))
        {
            throw new DirectoryNotFoundException($"Output folder '{OutputDirectory}' does not exist.");
        }
    }
}

/// <summary>Scores the Fashion-MNIST test set and evaluates the scores with ML.NET's multiclass evaluator.</summary>
public static class FashionEvaluator
{
    /// <summary>The report, as markdown.</summary>
    public const string ReportFile = "report.md";

    /// <summary>The report, as JSON.</summary>
    public const string MetricsFile = "metrics.json";

    /// <summary>The fitted chain, written when the chain scores an ONNX file.</summary>
    public const string PipelineFile = "model.zip";

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
        if (model.Pipeline is { } pipeline && options.OutputDirectory is not null)
        {
            pipeline.Save(mlContext, model.Transformer, data.Schema, Path.Combine(options.OutputDirectory, PipelineFile));
        }

        const string Scorer = "ML.NET chain (ImageSharp upsample → ApplyOnnxModel)";
        return EvaluationReport.Evaluate(mlContext, model.Transformer.Transform(data), model.Contract, model.Device.Description, model.Path, Scorer)
            with { Seconds = watch.Elapsed.TotalSeconds };
    }

    private static EvaluationReport RunBatched(MLContext mlContext, FashionMnistDataset dataset, FashionEvaluationOptions options)
    {
        var watch = Stopwatch.StartNew();
        OnnxModelInfo model = ModelLoader.ReadOnnx(options.ModelPath);
        IDataView scored = BatchedScorer.Score(dataset, model);
        return EvaluationReport.Evaluate(mlContext, scored, model.Contract, ScoringDevice.Cpu.Description, model.Path, $"batched (ONNX Runtime, batch {BatchedScorer.DefaultBatchSize})")
            with { Seconds = watch.Elapsed.TotalSeconds };
    }
}
