using System.Text.Json;
using AlexNetMl.Contract.IO;
using AlexNetMl.Contract.Runs;
using AlexNetMl.Training.Planning;
using Spectre.Console;

namespace AlexNetMl.Training.Cli;

/// <summary>The job's duration against its plan: printed, and written to job.json for the benchmark report.</summary>
internal static class JobSummary
{
    public static void Write(RunFolder run, DateTime started, DateTime finished, TrainingPlan? plan)
    {
        double seconds = (finished - started).TotalSeconds;
        double? ratio = plan?.BudgetSeconds is { } budget ? seconds / budget : null;
        AtomicFile.WriteAllText(run.File(RunFolder.JobFile), JsonSerializer.Serialize(
            new { started = started.ToString("O"), finished = finished.ToString("O"), seconds, budget_seconds = plan?.BudgetSeconds, planned_seconds = plan?.TotalSeconds, ratio_to_budget = ratio },
            TrainingConfig.JsonOptions));
        string against = ratio is { } r ? $" of a {Durations.Format(plan!.BudgetSeconds!.Value)} budget ({r:F2})" : plan is null ? string.Empty : $" (estimated {Durations.Format(plan.TotalSeconds)})";
        AnsiConsole.MarkupLine(Markup.Escape($"Job done in {Durations.Format(seconds)}{against}, from process start."));
    }
}
