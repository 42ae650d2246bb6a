using AlexNetMl.Pipeline.Evaluation;
using Microsoft.ML;
using Spectre.Console;

namespace AlexNetMl.Training.Cli;

/// <summary>Runs the ML.NET evaluation of a model and prints and writes the report.</summary>
internal static class EvaluationStep
{
    public static int Run(string modelPath, string? outputDirectory, string dataDirectory, int? limit, int? gpuDeviceId = 0, string scorer = "chain")
    {
        var mlContext = new MLContext(seed: 0);
        AnsiConsole.MarkupLine($"Evaluating {Markup.Escape(modelPath)} with the ML.NET pipeline on {(limit is null ? "all" : $"the first {limit:N0}")} test images...");
        EvaluationReport report = FashionEvaluator.Run(mlContext, new FashionEvaluationOptions
        {
            ModelPath = modelPath,
            DataDirectory = dataDirectory,
            Limit = limit,
            GpuDeviceId = gpuDeviceId,
            OutputDirectory = outputDirectory,
            Scorer = scorer,
        });
        ReportConsole.Write(report);
        AnsiConsole.MarkupLine($"Accuracy {report.MicroAccuracy:P2} on {report.Images:N0} images, scored on {Markup.Escape(report.Device)} in {report.Seconds:F1} s ({report.Images / report.Seconds:F1} images/s).");
        if (outputDirectory is not null)
        {
            AnsiConsole.MarkupLine($"Wrote {FashionEvaluator.ReportFile}, {FashionEvaluator.MetricsFile}, {FashionEvaluator.ConfusionFile}{(scorer == "chain" && modelPath.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase) ? $" and {FashionEvaluator.PipelineFile}" : string.Empty)} to {Markup.Escape(outputDirectory)}.");
        }

        return ExitCodes.Success;
    }
}
