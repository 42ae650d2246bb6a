using AlexNetMl.Contract.Runs;
using AlexNetMl.Pipeline.Evaluation;
using AlexNetMl.Training.Planning;

namespace AlexNetMl.Training.Steps;

/// <summary>Report: records the models, the metrics and the job's time in the run manifest, and says how long the job took against its plan.</summary>
public sealed class ReportStep(IJobObserver observer)
{
    /// <summary>Completes <paramref name="run"/>'s manifest; <paramref name="report"/> is null when the evaluation did not run.</summary>
    public RunManifest Run(RunFolder run, RunModels models, EvaluationReport? report, DateTime jobStart)
    {
        DateTime finished = DateTime.Now;
        RunManifest completed = RunManifestFile.Update(run, manifest =>
        {
            TrainingPlan? plan = manifest.Config.Plan;
            var timing = new JobTiming(jobStart, finished, (finished - jobStart).TotalSeconds, plan?.BudgetSeconds, plan?.TotalSeconds);
            return manifest with { Models = models, Metrics = report is null ? manifest.Metrics : Metrics(report), Timing = timing };
        });
        observer.Report(Describe(completed.Timing!));
        return completed;
    }

    /// <summary>The headline figures of <paramref name="report"/>, as the manifest records them.</summary>
    public static RunMetrics Metrics(EvaluationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return new RunMetrics(report.Images, report.MicroAccuracy, report.MacroAccuracy, report.LogLoss, report.TopKAccuracy, report.Weights, report.Device, report.Seconds);
    }

    private static string Describe(JobTiming timing)
    {
        string against = timing.RatioToBudget is { } ratio ? $" of a {Durations.Format(timing.BudgetSeconds!.Value)} budget ({ratio:F2})"
            : timing.PlannedSeconds is { } planned ? $" (estimated {Durations.Format(planned)})" : string.Empty;
        return $"Job done in {Durations.Format(timing.Seconds)}{against}, from process start.";
    }
}
