using AlexNetMl.Pipeline.Evaluation;
using AlexNetMl.Training.Reports;
using Microsoft.ML;
using Spectre.Console;

namespace AlexNetMl.Training.Cli;

/// <summary>Runs the ML.NET evaluation of a model, prints the report, and writes report.md, metrics.json and confusion.png.</summary>
internal static class EvaluationStep
{
    public static EvaluationReport Run(EvaluationRequest request)
    {
        var mlContext = new MLContext(seed: 0);
        AnsiConsole.MarkupLine($"Evaluating {Markup.Escape(request.ModelPath)} with ML.NET on {(request.Limit is null ? "all" : $"the first {request.Limit:N0}")} test images...");
        EvaluationReport report = FashionEvaluator.Run(mlContext, new FashionEvaluationOptions
        {
            ModelPath = request.ModelPath,
            DataDirectory = request.DataDirectory,
            Limit = request.Limit,
            Device = request.Device,
            GpuId = request.GpuId,
            OutputDirectory = request.OutputDirectory,
            Scorer = request.Scorer,
        });
        ReportConsole.Write(report);
        AnsiConsole.MarkupLine(Markup.Escape(
            $"Accuracy {report.MicroAccuracy:P2} on {report.Images:N0} images ({report.Weights} weights), scored on {report.Device} in {report.Seconds:F1} s ({report.Images / report.Seconds:F1} images/s)."));
        if (request.OutputDirectory is not null)
        {
            ConfusionPlot.Save(report, Path.Combine(request.OutputDirectory, ConfusionPlot.FileName));
            string[] written = [FashionEvaluator.ReportFile, FashionEvaluator.MetricsFile, ConfusionPlot.FileName, .. File.Exists(Path.Combine(request.OutputDirectory, FashionEvaluator.PipelineFile)) ? new[] { FashionEvaluator.PipelineFile } : []];
            AnsiConsole.MarkupLine($"Wrote {string.Join(", ", written)} to {Markup.Escape(request.OutputDirectory)}.");
        }

        return report;
    }
}
