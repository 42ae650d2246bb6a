using AlexNetMl.Bench.Recipes;
using AlexNetMl.Bench.Subjects;
using AlexNetMl.Contract.IO;
using AlexNetMl.Contract.Programs;
using AlexNetMl.Contract.Runs;
using AlexNetMl.Export.Libtorch;
using AlexNetMl.Pipeline.Data;
using AlexNetMl.Training.Planning;

namespace AlexNetMl.Bench;

/// <summary>The benchmark command's body, callable from tests.</summary>
public static class BenchProgram
{
    /// <summary>The subjects, in the order they run: later ones divide by what earlier ones measured.</summary>
    public static IReadOnlyList<IBenchSubject> Subjects { get; } =
    [
        new GemmBench(), new TrainingBench(), new PeakBench(), new LayerProfileBench(), new ScoringBench(), new ChainGcBench(), new Int8Bench(), new MemoryBench(), new LatencyBench(),
        new ServingBench(), new IsaCapBench(), new StepOptionsBench(), new WarmupBench(), new MainJobRuns(), new DriftBench(),
    ];

    /// <summary>
    /// Runs the subjects (all, or those named in <paramref name="only"/>) and writes the report. A partial run reads the
    /// report at <paramref name="jsonPath"/> and replaces only the sections its subjects write, saying so in the report.
    /// </summary>
    public static int Run(bool quick, string markdownPath, string jsonPath, string? dataDirectory, IReadOnlyList<string>? runDirectories = null, IReadOnlyList<string>? only = null, bool drift = false)
    {
        if (!TrySelect(only, jsonPath, out IReadOnlyList<IBenchSubject> subjects, out BenchReport? earlier))
        {
            return ExitCodes.BadInput;
        }

        string work = Path.Combine(Path.GetTempPath(), "alexnetml-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(work);
        try
        {
            TorchRuntime.EnsureAvailable();
            TorchAllocator.Tune();
            DateTime started = DateTime.UtcNow;
            var context = new BenchContext(quick ? BenchSettings.QuickRun : BenchSettings.Full, FashionMnistFiles.ResolveDirectory(dataDirectory), work, Console.WriteLine, runDirectories, drift);
            foreach (IBenchSubject subject in subjects)
            {
                subject.Run(context);
            }

            var report = new BenchReport { Date = started, Quick = quick, Machine = MachineDescription.Of(context.Device), Figures = context.Figures, Notes = context.Notes };
            if (earlier is not null)
            {
                report = Merge(earlier, report, only!, PartialRun.ArgumentsOf(only!, drift, runDirectories));
            }

            foreach (string path in new[] { markdownPath, jsonPath })
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            }

            AtomicFile.WriteAllText(markdownPath, ReportWriter.ToMarkdown(report));
            AtomicFile.WriteAllText(jsonPath, ReportWriter.ToJson(report));
            Console.WriteLine($"Wrote {markdownPath} and {jsonPath}.");
            return 0;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    // All subjects, or those --only names with the report they re-measure; false (after one line on stderr) when --only is wrong.
    private static bool TrySelect(IReadOnlyList<string>? only, string jsonPath, out IReadOnlyList<IBenchSubject> subjects, out BenchReport? earlier)
    {
        (subjects, earlier) = (Subjects, null);
        if (only is not { Count: > 0 })
        {
            return true;
        }

        string? unknown = only.FirstOrDefault(name => Subjects.All(s => s.Name != name));
        if (unknown is not null)
        {
            Console.Error.WriteLine($"error: --only '{unknown}' is not a subject; the subjects are {string.Join(", ", Subjects.Select(s => s.Name))}.");
            return false;
        }

        if (!File.Exists(jsonPath))
        {
            Console.Error.WriteLine($"error: --only re-measures sections of an earlier report, but {jsonPath} does not exist; run the whole bench first, or give --json.");
            return false;
        }

        earlier = ReportWriter.FromJson(File.ReadAllText(jsonPath));
        subjects = [.. Subjects.Where(s => only.Contains(s.Name))];
        return true;
    }

    // The earlier report with the partial run's sections (and their notes) in place of its own.
    private static BenchReport Merge(BenchReport earlier, BenchReport partial, IReadOnlyList<string> only, IReadOnlyList<string> arguments)
    {
        string[] sections = [.. partial.Figures.Select(f => f.Section).Distinct()];
        var figures = new List<Figure>();
        foreach (Figure figure in earlier.Figures)
        {
            if (!sections.Contains(figure.Section))
            {
                figures.Add(figure);
            }
            else if (!figures.Any(f => f.Section == figure.Section))
            {
                figures.AddRange(partial.Figures.Where(f => f.Section == figure.Section));
            }
        }

        figures.AddRange(partial.Figures.Where(f => !figures.Contains(f)));
        static string Prefix(string section) => $"{char.ToUpperInvariant(section[0])}{section[1..]} rows";
        return earlier with
        {
            Quick = earlier.Quick || partial.Quick,
            Figures = figures,
            Notes = [.. earlier.Notes.Where(n => !sections.Any(s => n.StartsWith(Prefix(s), StringComparison.Ordinal))), .. partial.Notes],
            PartialRuns = [.. earlier.PartialRuns.Where(p => !p.Sections.All(sections.Contains)), new PartialRun(only, sections, partial.Date, partial.Machine, arguments)],
        };
    }

    /// <summary>A child's measurement for <see cref="IsaCapBench"/>: the parent sets its environment (ISA cap, allocator).</summary>
    public static int RunProbe(string probe, int batch, bool quick, string? dataDirectory)
    {
        if (!ChildProbe.Names.Contains(probe))
        {
            Console.Error.WriteLine($"error: --probe '{probe}' is unknown; the probes are {string.Join(", ", ChildProbe.Names)}.");
            return ExitCodes.BadInput;
        }

        TorchRuntime.EnsureAvailable();
        string work = Path.Combine(Path.GetTempPath(), "alexnetml-probe-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(work);
        try
        {
            var context = new BenchContext(quick ? BenchSettings.QuickRun : BenchSettings.Full, FashionMnistFiles.ResolveDirectory(dataDirectory), work, _ => { });
            return probe switch
            {
                ChildProbe.Chain => ChainGcBench.RunProbe(context),
                ChildProbe.Step => StepOptionsBench.RunProbe(context, batch),
                _ => IsaCapBench.RunProbe(context, batch),
            };
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>Runs the training-recipe study and writes its table (quick: a tiny search that checks the harness).</summary>
    public static int RunRecipes(RecipeRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Questions.FirstOrDefault(q => !RecipeStudy.Questions.Any(known => known.Step == q)) is { } unknown)
        {
            Console.Error.WriteLine($"error: --recipe-question '{unknown}' is not one of the study's questions; they are {string.Join(", ", RecipeStudy.Questions.Select(q => $"'{q.Step}'"))}.");
            return ExitCodes.BadInput;
        }

        TorchRuntime.EnsureAvailable();
        DateTime started = DateTime.UtcNow;
        string directory = FashionMnistFiles.ResolveDirectory(request.DataDirectory);
        string journalPath = RecipeJournal.PathFor(request.MarkdownPath);
        RecipeJournal journal = RecipeJournal.Open(journalPath);
        if (journal.Count > 0)
        {
            Console.WriteLine($"Resuming from {journalPath}: {journal.Count} trainings finished; those this study asks for again are not repeated.");
        }

        FashionMnistDataset test = FashionMnistDataset.Load(directory, FashionMnistSplit.Test);
        var study = new RecipeStudy(test, new RecipeTrainer(FashionMnistDataset.Load(directory, FashionMnistSplit.Train), test, TorchSharp.torch.CPU), journal, CpuFeatures.Isa, Console.WriteLine);
        TrainingConfig start = TrainingProfiles.OnThisMachine(TrainingProfiles.CpuSgd);
        int trainImages = request.Quick ? 40 : request.Images;
        int testImages = request.Quick ? 20 : request.TestImages;
        IReadOnlyList<RecipeResult> results = study.Run(request.Quick ? start with { BatchSize = 4 } : start, trainImages, testImages, request.Questions);
        string machine = $"{CpuFeatures.ModelName}, {Environment.ProcessorCount} cores, {CpuFeatures.Isa}, training in {Contract.Settings.SettingNames.Of(start.Precision)}";
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(request.MarkdownPath))!);
        AtomicFile.WriteAllText(request.MarkdownPath, RecipeStudy.ToMarkdown(results, trainImages, testImages, machine, request.Command, started));
        Console.WriteLine($"Wrote {request.MarkdownPath}.");
        return 0;
    }
}
