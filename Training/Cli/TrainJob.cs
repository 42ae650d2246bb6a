using System.CommandLine;
using System.Text.Json.Nodes;
using System.Text.Json;
using AlexNetMl.Contract.IO;
using AlexNetMl.Contract.Programs;
using AlexNetMl.Contract.Runs;
using AlexNetMl.Contract.Settings;
using AlexNetMl.Export.Libtorch;
using AlexNetMl.Pipeline.Data;
using AlexNetMl.Training.Checkpoints;
using AlexNetMl.Training.Fitting;
using AlexNetMl.Training.Models;
using AlexNetMl.Training.Planning;
using AlexNetMl.Training.Reports;
using Spectre.Console;
using TorchSharp;
using static TorchSharp.torch;

namespace AlexNetMl.Training.Cli;

/// <summary>One run of the main job, step by step.</summary>
internal sealed class TrainJob(ParseResult parse, TrainOptions options, ProgramShell shell, DateTime jobStart)
{
    private static readonly TimeSpan DefaultCheckpointEvery = TimeSpan.FromMinutes(5);

    public int Run()
    {
        string dataDirectory = FashionMnistFiles.ResolveDirectory(parse.GetValue(options.Data));
        TorchRuntime.EnsureAvailable();
        (FashionMnistDataset train, FashionMnistDataset test) = LoadData(dataDirectory);
        (RunFolder run, TrainingConfig config, Device device, bool resuming) = parse.GetResult(options.Resume) is null
            ? CreateRun(train, test, dataDirectory)
            : ResumeRun(test);
        shell.ErrorLogPath = run.File(RunFolder.ErrorLogName);

        using var trainer = new Trainer(config, train, test, device, checkpoints: new CheckpointSchedule(CheckpointInterval(), TimeProvider.System));
        string checkpoint = run.File(Checkpoint.FileName);
        if (resuming)
        {
            trainer.Resume(checkpoint);
            AnsiConsole.MarkupLine($"Resuming {Markup.Escape(run.Path)} at epoch {trainer.State.Epoch}, batch {trainer.State.BatchesDone + 1}.");
        }

        using var signals = new StopSignals();
        TrainingOutcome outcome = Train(trainer, config, run, checkpoint, jobStart, signals.Token);
        if (outcome == TrainingOutcome.Interrupted)
        {
            AnsiConsole.MarkupLine(
                $"Stopped by {signals.SignalName} at epoch {trainer.State.Epoch}, batch {trainer.State.BatchesDone}; checkpoint saved. " +
                $"Resume with: [bold]dotnet run --project Training -- --resume {Markup.Escape(run.Path)}[/]");
            return signals.ExitCode;
        }

        string onnx = ExportPrinter.ExportRun(trainer.Model, run, config.Hash(), train, test);
        if (!parse.GetValue(options.NoEvaluate))
        {
            EvaluationStep.Run(new EvaluationRequest(onnx, run.Path, dataDirectory, parse.GetValue(options.EvaluationLimit), config.Device));
        }

        JobSummary.Write(run, jobStart, DateTime.Now, config.Plan);
        return ExitCodes.Success;
    }

    private static (FashionMnistDataset Train, FashionMnistDataset Test) LoadData(string dataDirectory)
    {
        FashionMnistDataset train = FashionMnistDataset.Load(dataDirectory, FashionMnistSplit.Train);
        FashionMnistDataset test = FashionMnistDataset.Load(dataDirectory, FashionMnistSplit.Test);
        AnsiConsole.MarkupLine($"Data: {Markup.Escape(dataDirectory)} ({train.Count:N0} training, {test.Count:N0} test images). Threads: {get_num_threads()}.");
        return (train, test);
    }

    private (RunFolder, TrainingConfig, Device, bool) CreateRun(FashionMnistDataset train, FashionMnistDataset test, string dataDirectory)
    {
        TrainingConfig config = BuildConfig();
        config.Validate();
        Device device = TorchRuntime.ResolveDevice(config.Device);
        AnsiConsole.MarkupLine($"Model: {ModelCatalog.Get(config.Model).Name}. Device: {device.type}. Measuring this machine...");
        MachineRates rates = MachineProbe.Measure(config, train, test, device, Path.GetTempPath());
        config = PlanRun(config, rates, train, test);
        config.Validate();
        RunFolder run = RunFolder.Create(parse.GetValue(options.Runs)!, DateTime.Now);
        WriteConfig(run, config, device, dataDirectory);
        AnsiConsole.MarkupLine($"Run folder: {Markup.Escape(run.Path)}");
        return (run, config, device, false);
    }

    private (RunFolder, TrainingConfig, Device, bool) ResumeRun(FashionMnistDataset test)
    {
        RunFolder run = RunFolder.Open(parse.GetValue(options.Resume) ?? Path.Combine(parse.GetValue(options.Runs)!, RunFolder.LatestName));
        shell.ErrorLogPath = run.File(RunFolder.ErrorLogName);
        run.RemoveStaleTemporaryFiles();
        TrainingState state = Checkpoint.ReadState(run.File(Checkpoint.FileName));
        RefuseConflictingFlags(run, state.Config);
        TrainingConfig config = state.Config;
        if (parse.GetValue(options.Epochs) is int epochs && epochs != config.Epochs)
        {
            if (epochs < state.Epoch - 1)
            {
                throw new ArgumentException($"--epochs {epochs} is fewer than the {state.Epoch - 1} epochs {run.Id} has finished.");
            }

            RecordResumeChange(run, "epochs", config.Epochs, epochs);
            config = config with { Epochs = epochs };
        }

        return (run, config, TorchRuntime.ResolveDevice(config.Device), true);
    }

    private TrainingConfig BuildConfig()
    {
        TrainingProfile profile = parse.GetValue(options.Profile) ?? (TorchRuntime.CudaAvailable ? TrainingProfile.Book : TrainingProfile.Cpu);
        TrainingConfig baseline = TrainingProfiles.Get(profile);
        bool nativeBf16 = profile == TrainingProfile.Cpu && CpuFeatures.HasBFloat16;
        return baseline with
        {
            Model = parse.GetValue(options.Model) ?? baseline.Model,
            Epochs = parse.GetValue(options.Epochs) ?? baseline.Epochs,
            BatchSize = parse.GetValue(options.BatchSize) ?? baseline.BatchSize,
            LearningRate = parse.GetValue(options.LearningRate) ?? baseline.LearningRate,
            Momentum = parse.GetValue(options.Momentum) ?? baseline.Momentum,
            Nesterov = parse.GetValue(options.Nesterov) ?? baseline.Nesterov,
            LrSchedule = parse.GetValue(options.LrSchedule) ?? baseline.LrSchedule,
            WarmupFraction = parse.GetValue(options.Warmup) ?? baseline.WarmupFraction,
            LabelSmoothing = parse.GetValue(options.LabelSmoothing) ?? baseline.LabelSmoothing,
            WeightDecay = parse.GetValue(options.WeightDecay) ?? baseline.WeightDecay,
            Dropout = parse.GetValue(options.Dropout) ?? baseline.Dropout,
            Augment = parse.GetValue(options.Augment) || baseline.Augment,
            TrainLimit = parse.GetValue(options.TrainLimit) ?? baseline.TrainLimit,
            ValidationLimit = parse.GetValue(options.ValidationLimit) ?? baseline.ValidationLimit,
            Seed = parse.GetValue(options.Seed) ?? baseline.Seed,
            Device = parse.GetValue(options.Device) ?? baseline.Device,
            Precision = parse.GetValue(options.Precision) ?? (nativeBf16 ? TrainingPrecision.Bf16 : baseline.Precision),
        };
    }

    /// <summary>Fixes the run's length from the time budget (or estimates a fixed-length run) and prints the plan.</summary>
    private TrainingConfig PlanRun(TrainingConfig config, MachineRates rates, FashionMnistDataset train, FashionMnistDataset test)
    {
        TimeSpan? budget = parse.GetResult(options.TimeBudget) is null ? TrainingProfiles.DefaultBudget(config.Profile)
            : parse.GetValue(options.TimeBudget) is { } given && given > TimeSpan.Zero ? given : null;
        bool lengthGiven = parse.GetValue(options.Epochs) is not null || parse.GetValue(options.TrainLimit) is not null;
        int validationImages = Math.Min(config.ValidationLimit ?? test.Count, test.Count);
        int evaluationImages = parse.GetValue(options.NoEvaluate) ? 0 : Math.Min(parse.GetValue(options.EvaluationLimit) ?? test.Count, test.Count);
        var request = new PlanRequest(
            BudgetSeconds: budget?.TotalSeconds ?? double.PositiveInfinity,
            ElapsedSeconds: (DateTime.Now - jobStart).TotalSeconds,
            DatasetSize: train.Count,
            BatchSize: config.BatchSize,
            MinEpochs: config.Epochs,
            MaxImages: (long)TrainingProfiles.Book.Epochs * train.Count,
            ValidationImages: validationImages,
            EvaluationImages: evaluationImages,
            CheckpointEverySeconds: CheckpointInterval().TotalSeconds);
        if (budget is null || lengthGiven)
        {
            if (budget is not null)
            {
                AnsiConsole.MarkupLine($"[yellow]note:[/] --epochs/--train-limit given: the run has the length they set, and the {Durations.Format(budget.Value.TotalSeconds)} time budget is not applied.");
            }

            int perEpoch = Math.Min(config.TrainLimit ?? train.Count, train.Count);
            TrainingPlan estimate = TrainingPlanner.Estimate(request, rates, config.Epochs, perEpoch);
            PlanPrinter.Print(estimate, jobStart);
            return config with { Plan = estimate };
        }

        TrainingPlan plan = TrainingPlanner.Plan(request, rates);
        PlanPrinter.Print(plan, jobStart);
        return config with { Epochs = plan.Epochs, TrainLimit = plan.ImagesPerEpoch, Plan = plan };
    }

    private void RefuseConflictingFlags(RunFolder run, TrainingConfig config)
    {
        var conflicts = new List<string>();
        foreach ((Option option, Func<TrainingConfig, object?> current) in options.Hyperparameters)
        {
            if (parse.GetResult(option) is { Implicit: false } given)
            {
                object? value = given.GetValueOrDefault<object?>();
                object? recorded = current(config);
                if (!Equals(value, recorded))
                {
                    conflicts.Add($"{option.Name} {Show(value)} (the run has {Show(recorded)})");
                }
            }
        }

        if (conflicts.Count > 0)
        {
            throw new ArgumentException(
                $"--resume continues {run.Id} with the settings it was started with, and these flags conflict with them: {string.Join("; ", conflicts)}. " +
                "Drop them to resume, or start a new run. (--epochs may change: it extends the run.)");
        }
    }

    private static string Show(object? value) => value switch
    {
        null => "none",
        Enum e => SettingNames.Of(e),
        TimeSpan span => Durations.Format(span.TotalSeconds),
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "none",
    };

    private TimeSpan CheckpointInterval() =>
        parse.GetResult(options.CheckpointEvery) is null ? DefaultCheckpointEvery : parse.GetValue(options.CheckpointEvery);

    private static TrainingOutcome Train(Trainer trainer, TrainingConfig config, RunFolder run, string checkpoint, DateTime jobStart, CancellationToken stop)
    {
        TrainingOutcome outcome = TrainingOutcome.Completed;
        try
        {
            AnsiConsole.Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .Start(context =>
                {
                    trainer.SetObserver(new ConsoleObserver(context, trainer, config, jobStart));
                    outcome = trainer.Run(checkpoint, stop);
                });
        }
        finally
        {
            trainer.State.History.Save(run.File(RunFolder.HistoryFile));
            CurvesPlot.Save(trainer.State.History, run.File(CurvesPlot.FileName), $"{ModelCatalog.Get(config.Model).Name} on Fashion-MNIST");
        }

        return outcome;
    }


    private static void WriteConfig(RunFolder run, TrainingConfig config, Device device, string dataDirectory)
    {
        var document = new
        {
            run_id = run.Id,
            config,
            config_hash = config.Hash(),
            device = device.type.ToString(),
            threads = get_num_threads(),
            data = dataDirectory,
            versions = new
            {
                dotnet = Environment.Version.ToString(),
                torchsharp = typeof(torch).Assembly.GetName().Version?.ToString(),
                alexnetml = typeof(TrainCommand).Assembly.GetName().Version?.ToString(),
            },
            machine = new { os = Environment.OSVersion.ToString(), cores = Environment.ProcessorCount, isa = CpuFeatures.Isa, bf16 = CpuFeatures.HasBFloat16 },
            started = DateTime.Now.ToString("O"),
            resumes = Array.Empty<object>(),
        };
        AtomicFile.WriteAllText(run.File(RunFolder.ConfigFile), JsonSerializer.Serialize(document, TrainingConfig.JsonOptions));
    }

    /// <summary>Appends a resume that changed a setting to config.json's "resumes" list.</summary>
    private static void RecordResumeChange(RunFolder run, string setting, object before, object after)
    {
        string path = run.File(RunFolder.ConfigFile);
        JsonNode document = (File.Exists(path) ? JsonNode.Parse(File.ReadAllText(path)) : null) ?? new JsonObject();
        JsonArray resumes = document["resumes"] as JsonArray ?? [];
        resumes.Add(new JsonObject { ["at"] = DateTime.Now.ToString("O"), ["setting"] = setting, ["before"] = JsonValue.Create(before.ToString()), ["after"] = JsonValue.Create(after.ToString()) });
        document["resumes"] = resumes.DeepClone();
        AtomicFile.WriteAllText(path, document.ToJsonString(TrainingConfig.JsonOptions));
    }
}
