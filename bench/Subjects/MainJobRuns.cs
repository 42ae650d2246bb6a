namespace AlexNetMl.Bench.Subjects;

/// <summary>
/// The main job as users run it (<c>dotnet run --project Training</c>), read from finished run folders (<c>--run DIR</c>):
/// accuracy on the test set, and the job's own measurement of its time against its budget.
/// </summary>
public sealed class MainJobRuns : IBenchSubject
{
    /// <summary>Accuracy the job must reach on a CPU with native bf16: above the book's GPU result (about 0.885).</summary>
    public const double Bf16Target = 0.900;

    /// <summary>Accuracy the job must reach on any other CPU (oneDNN capped at AVX2).</summary>
    public const double OtherCpuTarget = 0.845;

    /// <summary>The least share of its budget a budgeted job must use: a job that ends early left training undone.</summary>
    public const double LeastBudgetShare = 0.93;

    public void Run(BenchContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.RunDirectories.Count == 0)
        {
            return;
        }

        foreach (RunSummary run in context.RunDirectories.Select(RunSummary.Read))
        {
            double target = run.NativeBf16 ? Bf16Target : OtherCpuTarget;
            string label = $"{run.Setup}, {run.TrainingImages:N0} training images (run {run.Id})";
            context.Add("main job", $"{label}: accuracy on {run.EvaluatedImages:N0} test images", run.Accuracy, "fraction", $"≥ {target:F3}", run.Accuracy >= target);
            if (run.BudgetSeconds is { } budget)
            {
                context.Add("main job", $"{label}: job time", run.Seconds / 60, "minutes", $"≤ {budget / 60:F0}", run.Seconds <= budget);
                double share = run.Seconds / budget;
                context.Add("main job", $"{label}: job time / budget", share, "ratio", $"{LeastBudgetShare:F2}–1.00", share is >= LeastBudgetShare and <= 1.0);
                context.Add("main job", $"{label}: re-plans", run.Replans, "count");
            }
            else
            {
                context.Add("main job", $"{label}: job time", run.Seconds / 60, "minutes");
            }
        }

        context.Note("Main job rows: they are not measured by this process: each comes from a separate run of `dotnet run --project Training` " +
                     "(named with --run), whose job time it measured itself, from process start to the written report (its run.json).");
    }
}
