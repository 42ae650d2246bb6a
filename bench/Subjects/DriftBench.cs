using AlexNetMl.Contract.Programs;
using AlexNetMl.Contract.Runs;

namespace AlexNetMl.Bench.Subjects;

/// <summary>
/// The main job under drift (bench <c>--drift</c>): the job runs in a child process as users start it, and a
/// <see cref="BusyNeighbour"/> takes one of the cores from 5 minutes in, for 5 minutes. The job must still end within
/// its budget, and reach within 1.5 points of an undisturbed run of the same precision and ISA given with <c>--run</c>.
/// </summary>
public sealed class DriftBench : IBenchSubject
{
    /// <summary>The report section of these rows.</summary>
    public const string Section = "main job under drift";

    /// <summary>How far below the undisturbed run's accuracy the disturbed run may end.</summary>
    public const double AccuracyTolerance = 0.015;

    /// <summary>When the neighbour starts, from the job's start.</summary>
    public static readonly TimeSpan NeighbourAfter = TimeSpan.FromMinutes(5);

    /// <summary>How long the neighbour burns.</summary>
    public static readonly TimeSpan NeighbourFor = TimeSpan.FromMinutes(5);

    public void Run(BenchContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!context.Drift)
        {
            return;
        }

        // The quick run checks the harness: a small model, a 1-minute budget, the neighbour scaled down with it.
        bool quick = context.Settings.Quick;
        string runs = Path.GetFullPath("runs");
        string[] arguments = ["--runs", runs, "--data", context.DataDirectory, .. quick ? new[] { "--model", "alexnet-28", "--time-budget", "1m" } : []];
        TimeSpan after = quick ? TimeSpan.FromSeconds(15) : NeighbourAfter;
        TimeSpan duration = quick ? TimeSpan.FromSeconds(15) : NeighbourFor;
        string program = Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "alexnet-train.exe" : "alexnet-train");
        context.Log($"Drift run: {program} {string.Join(' ', arguments)}, with `{BusyNeighbour.Command}` from {after} for {duration}...");
        DateTime started = DateTime.UtcNow;
        (int exit, string output) result;
        DateTime? neighbourStarted, neighbourStopped;
        using (var neighbour = new BusyNeighbour(after, duration))
        {
            result = ChildProgram.Run(program, arguments, environment: null, TimeSpan.FromMinutes(40));
            (neighbourStarted, neighbourStopped) = (neighbour.Started, neighbour.Stopped ?? (neighbour.Running ? DateTime.UtcNow : null));
        }

        if (result.exit != ExitCodes.Success)
        {
            throw new InvalidOperationException($"The drift run failed with exit code {result.exit}: {result.output[^Math.Min(result.output.Length, 2000)..]}");
        }

        string folder = RunFolder.Open(Path.Combine(runs, RunFolder.LatestName)).Path;

        Report(context, RunSummary.Read(folder), RunManifestFile.Read(RunFolder.Open(folder)).Replans, started, neighbourStarted, neighbourStopped);
    }

    private static void Report(BenchContext context, RunSummary run, IReadOnlyList<Replan> replans, DateTime started, DateTime? neighbourStarted, DateTime? neighbourStopped)
    {
        string label = $"{run.Setup}, neighbour on core 0 (run {run.Id})";
        double budget = run.BudgetSeconds ?? throw new InvalidOperationException($"The drift run {run.Id} had no time budget.");
        context.Add(Section, $"{label}: job time / budget", run.Seconds / budget, "ratio", "≤ 1.00", run.Seconds <= budget);
        context.Add(Section, $"{label}: accuracy on {run.EvaluatedImages:N0} test images", run.Accuracy, "fraction");
        RunSummary? undisturbed = context.RunDirectories.Select(RunSummary.Read).FirstOrDefault(r => r.Precision == run.Precision && r.Isa == run.Isa && r.Model == run.Model && r.Id != run.Id);
        if (undisturbed is not null)
        {
            double difference = run.Accuracy - undisturbed.Accuracy;
            context.Add(Section, $"{label}: accuracy − undisturbed run {undisturbed.Id}'s {undisturbed.Accuracy:F4}", difference, "fraction", $"≥ −{AccuracyTolerance:F3}", difference >= -AccuracyTolerance);
        }

        string Offset(DateTime? at) => at is { } t ? $"{(t - started).TotalMinutes:F1} min" : "never";
        string lines = replans.Count == 0 ? "none" : string.Join("; ", replans.Select(r => $"at {r.JobSeconds / 60:F1} min {r.OldImages:N0} → {r.NewImages:N0} images ({r.MeasuredImagesPerSecond:F1} images/s measured)"));
        context.Note($"Main job under drift rows: `alexnet-train` (this build's main job, as `dotnet run --project Training` runs it) in a child process, with `{BusyNeighbour.Command}` " +
                     $"busy from {Offset(neighbourStarted)} to {Offset(neighbourStopped)} after the child started. Its re-plans: {lines}." +
                     (undisturbed is null ? " No undisturbed run of the same precision and ISA was given with --run, so no accuracy difference." : string.Empty));
    }
}
