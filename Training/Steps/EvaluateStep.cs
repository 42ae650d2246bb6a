using AlexNetMl.Pipeline.Evaluation;
using AlexNetMl.Training.Reports;
using Microsoft.ML;

namespace AlexNetMl.Training.Steps;

/// <summary>Evaluate: ML.NET's multiclass metrics of a model on the test set; writes report.md, metrics.json and confusion.png.</summary>
public sealed class EvaluateStep(IJobObserver observer)
{
    /// <summary>Evaluates as <paramref name="request"/> says.</summary>
    public EvaluationReport Run(EvaluationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        observer.Report($"Evaluating {request.ModelPath} with ML.NET on {(request.Limit is null ? "all" : $"the first {request.Limit:N0}")} test images...");
        EvaluationReport report = FashionEvaluator.Run(new MLContext(seed: 0), new FashionEvaluationOptions
        {
            ModelPath = request.ModelPath,
            DataDirectory = request.DataDirectory,
            Limit = request.Limit,
            Device = request.Device,
            GpuId = request.GpuId,
            OutputDirectory = request.OutputDirectory,
            Scorer = request.Scorer,
        });
        if (report.InferredContract is { } inferred)
        {
            observer.Note(inferred);
        }

        observer.Evaluated(report);
        observer.Report($"Accuracy {report.MicroAccuracy:P2} on {report.Images:N0} images ({report.Weights} weights), scored on {report.Device} in {report.Seconds:F1} s ({report.Images / report.Seconds:F1} images/s).");
        if (request.OutputDirectory is not null)
        {
            ConfusionPlot.Save(report, Path.Combine(request.OutputDirectory, ConfusionPlot.FileName));
            observer.Report($"Wrote {FashionEvaluator.ReportFile}, {FashionEvaluator.MetricsFile}, {ConfusionPlot.FileName} to {request.OutputDirectory}.");
        }

        return report;
    }
}
