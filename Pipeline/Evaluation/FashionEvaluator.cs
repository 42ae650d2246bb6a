using System.Diagnostics;
using AlexNetMl.Pipeline.Data;
using AlexNetMl.Pipeline.DataView;
using AlexNetMl.Pipeline.IO;
using AlexNetMl.Pipeline.Scoring;
using Microsoft.ML;

namespace AlexNetMl.Pipeline.Evaluation;

/// <summary>Options of an evaluation run. Validates itself.</summary>
public sealed class FashionEvaluationOptions
{
    /// <summary>model.onnx (the chain is built and saved as model.zip beside the reports) or model.zip (loaded as saved).</summary>
    public string ModelPath { get; set; } = string.Empty;

    /// <summary>Fashion-MNIST directory.</summary>
    public string DataDirectory { get; set; } = string.Empty;

    /// <summary>Evaluate only the first N test images.</summary>
    public int? Limit { get; set; }

    /// <summary>CUDA device to try for ONNX scoring; null for CPU only.</summary>
    public int? GpuDeviceId { get; set; } = 0;

    /// <summary>Folder that receives report.md, metrics.json, confusion.png (and model.zip when scoring an ONNX file); null writes nothing.</summary>
    public string? OutputDirectory { get; set; }

    /// <summary>chain (the ML.NET pipeline apps run, the default) or batched (ONNX Runtime in batches; ONNX files only).</summary>
    public string Scorer { get; set; } = "chain";

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        if (Scorer is not ("chain" or "batched"))
        {
            throw new ArgumentException($"--scorer must be chain or batched (got '{Scorer}').");
        }

        if (Scorer == "batched" && !ModelPath.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException("--scorer batched scores an ONNX file; pass --model model.onnx.");
        }

        if (string.IsNullOrWhiteSpace(ModelPath))
        {
            throw new ArgumentException("--model must name a model.onnx or model.zip file.");
        }

        if (Limit is <= 0)
        {
            throw new ArgumentException($"--limit must be positive (got {Limit}).");
        }

        if (OutputDirectory is not null && !Directory.Exists(OutputDirectory))
        {
            throw new DirectoryNotFoundException($"Output folder '{OutputDirectory}' does not exist.");
        }
    }
}

/// <summary>Scores the Fashion-MNIST test set through the ML.NET chain and evaluates it with ML.NET's evaluator.</summary>
public static class FashionEvaluator
{
    /// <summary>File names written into the output folder.</summary>
    public const string ReportFile = "report.md";

    /// <inheritdoc cref="ReportFile"/>
    public const string MetricsFile = "metrics.json";

    /// <inheritdoc cref="ReportFile"/>
    public const string ConfusionFile = "confusion.png";

    /// <inheritdoc cref="ReportFile"/>
    public const string PipelineFile = "model.zip";

    /// <summary>Runs the evaluation and writes the report files.</summary>
    public static EvaluationReport Run(MLContext mlContext, FashionEvaluationOptions options)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (options.Scorer == "batched")
        {
            return RunBatched(mlContext, options);
        }

        IDataView data = mlContext.Data.LoadFashionMnist(options.DataDirectory, FashionMnistSplit.Test, options.Limit);
        var watch = Stopwatch.StartNew();
        ITransformer transformer;
        IReadOnlyList<string> classNames;
        string probabilities;
        string device;
        if (options.ModelPath.EndsWith(".zip", StringComparison.OrdinalIgnoreCase))
        {
            SavedPipeline saved = FashionScoringPipeline.LoadSaved(mlContext, options.ModelPath);
            (transformer, classNames, probabilities, device) = (saved.Transformer, saved.ClassNames, saved.ProbabilitiesColumn, saved.Device);
        }
        else
        {
            var pipeline = FashionScoringPipeline.Create(mlContext, new OnnxScoringOptions { ModelPath = options.ModelPath, GpuDeviceId = options.GpuDeviceId });
            transformer = pipeline.Estimator.Fit(data);
            if (options.OutputDirectory is not null)
            {
                pipeline.Save(mlContext, transformer, data.Schema, Path.Combine(options.OutputDirectory, PipelineFile));
            }

            classNames = pipeline.Model.ClassNames;
            probabilities = pipeline.Model.ProbabilitiesName;
            device = pipeline.Device.Description;
        }

        EvaluationReport report = EvaluationReport.Evaluate(mlContext, transformer.Transform(data), probabilities, classNames, device, Path.GetFullPath(options.ModelPath), "ML.NET chain (ImageSharp upsample → ApplyOnnxModel)")
            with { Seconds = watch.Elapsed.TotalSeconds };
        (transformer as IDisposable)?.Dispose();
        if (options.OutputDirectory is not null)
        {
            Write(report, options.OutputDirectory);
        }

        return report;
    }

    private static EvaluationReport RunBatched(MLContext mlContext, FashionEvaluationOptions options)
    {
        FashionMnistDataset dataset = FashionMnistDataset.Load(options.DataDirectory, FashionMnistSplit.Test).Take(options.Limit);
        var watch = Stopwatch.StartNew();
        OnnxModelInfo model = OnnxModelInfo.Read(options.ModelPath);
        IDataView scored = BatchedScorer.Score(mlContext, dataset, model);
        EvaluationReport report = EvaluationReport.Evaluate(mlContext, scored, FashionMnistColumns.Probabilities, model.ClassNames, "CPU", model.Path, $"batched (ONNX Runtime, batch {BatchedScorer.DefaultBatchSize})")
            with { Seconds = watch.Elapsed.TotalSeconds };
        if (options.OutputDirectory is not null)
        {
            Write(report, options.OutputDirectory);
        }

        return report;
    }

    /// <summary>Writes report.md, metrics.json and confusion.png into <paramref name="directory"/>.</summary>
    public static void Write(EvaluationReport report, string directory)
    {
        ArgumentNullException.ThrowIfNull(report);
        AtomicFile.WriteAllText(Path.Combine(directory, ReportFile), report.ToMarkdown());
        AtomicFile.WriteAllText(Path.Combine(directory, MetricsFile), report.ToJson());
        ConfusionPlot.Save(report, Path.Combine(directory, ConfusionFile));
    }
}
