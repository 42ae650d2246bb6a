using System.CommandLine;
using System.Text.Json;
using AlexNetMl.Export.Torch;
using AlexNetMl.Export.Verification;
using AlexNetMl.Pipeline.Data;
using AlexNetMl.Pipeline.IO;
using AlexNetMl.Training.Runs;
using AlexNetMl.Training.Training;
using Spectre.Console;
using TorchSharp;
using static TorchSharp.torch;

namespace AlexNetMl.Training.Cli;

/// <summary>The default command: train, export to ONNX (verified), then evaluate with the ML.NET pipeline.</summary>
internal static class TrainCommand
{
    private static readonly Option<string?> ProfileOption = new("--profile") { Description = "book (the book's recipe) or cpu (fits a 2-core CPU's time budget). Default: book with CUDA, cpu without." };
    private static readonly Option<int?> EpochsOption = new("--epochs") { Description = "Passes over the training set." };
    private static readonly Option<int?> BatchSizeOption = new("--batch-size") { Description = "Images per SGD step." };
    private static readonly Option<double?> LearningRateOption = new("--lr") { Description = "SGD learning rate." };
    private static readonly Option<double?> MomentumOption = new("--momentum") { Description = "SGD momentum." };
    private static readonly Option<string?> LrScheduleOption = new("--lr-schedule") { Description = "constant (the book) or cosine (decay to 0 over the run, per batch)." };
    private static readonly Option<double?> WeightDecayOption = new("--weight-decay") { Description = "L2 weight decay." };
    private static readonly Option<double?> DropoutOption = new("--dropout") { Description = "Dropout probability of the hidden dense layers." };
    private static readonly Option<int?> TrainLimitOption = new("--train-limit") { Description = "Train on N images per epoch (a fresh shuffle each epoch)." };
    private static readonly Option<int?> ValidationLimitOption = new("--val-limit") { Description = "Validate on the first N test images each epoch." };
    private static readonly Option<int?> SeedOption = new("--seed") { Description = "Seed of weight init, shuffling and dropout." };
    private static readonly Option<string?> DeviceOption = new("--device") { Description = "auto, cpu or cuda." };
    private static readonly Option<string?> PrecisionOption = new("--precision") { Description = "fp32, or bf16 mixed precision (fp32 master weights)." };
    private static readonly Option<string?> DataOption = new("--data") { Description = "Fashion-MNIST directory (default: $FASHION_MNIST_DIR, then data/fashion-mnist, then /usr/share/datasets/fashion-mnist)." };
    private static readonly Option<string> RunsOption = new("--runs") { Description = "Folder that receives run folders.", DefaultValueFactory = _ => "runs" };
    private static readonly Option<string?> ResumeOption = new("--resume") { Description = "Continue the run in DIR (default runs/latest) from its checkpoint, with the settings it was started with.", Arity = ArgumentArity.ZeroOrOne };
    private static readonly Option<int?> EvaluationLimitOption = new("--eval-limit") { Description = "Evaluate the exported model on the first N test images (default: all 10,000)." };
    private static readonly Option<bool> NoEvaluateOption = new("--no-evaluate") { Description = "Stop after training and export; skip the ML.NET evaluation." };

    public static void Configure(RootCommand root)
    {
        foreach (Option option in new Option[] { ProfileOption, EpochsOption, BatchSizeOption, LearningRateOption, MomentumOption, LrScheduleOption, WeightDecayOption, DropoutOption, TrainLimitOption, ValidationLimitOption, SeedOption, DeviceOption, PrecisionOption, DataOption, RunsOption, ResumeOption, EvaluationLimitOption, NoEvaluateOption })
        {
            root.Options.Add(option);
        }

        root.SetAction(parse => TrainingCli.Guarded(() => Execute(parse)));
    }

    private static int Execute(ParseResult parse)
    {
        string dataDirectory = FashionMnistFiles.ResolveDirectory(parse.GetValue(DataOption));
        RunFolder? resumed = parse.GetResult(ResumeOption) is null
            ? null
            : RunFolder.Open(parse.GetValue(ResumeOption) ?? Path.Combine(parse.GetValue(RunsOption)!, RunFolder.LatestName));
        bool resuming = resumed is not null;
        TrainingConfig config = resumed is null ? BuildConfig(parse) : Checkpoint.ReadState(resumed.File(Checkpoint.FileName)).Config;
        config.Validate();

        TorchRuntime.EnsureAvailable();
        Device device = TorchRuntime.ResolveDevice(config.Device);
        if (config.Precision == "bf16" && device.type == DeviceType.CPU && !CpuFeatures.HasBFloat16)
        {
            AnsiConsole.MarkupLine("[yellow]note:[/] this CPU has neither avx512_bf16 nor AMX; bf16 will run, but slower than fp32.");
        }

        FashionMnistDataset train = FashionMnistDataset.Load(dataDirectory, FashionMnistSplit.Train);
        FashionMnistDataset test = FashionMnistDataset.Load(dataDirectory, FashionMnistSplit.Test);
        AnsiConsole.MarkupLine($"Data: {Markup.Escape(dataDirectory)} ({train.Count:N0} training, {test.Count:N0} test images). Device: {device.type}. Threads: {get_num_threads()}.");

        if (config.Profile != "book" && !resuming)
        {
            PrintProfileNotice(config, device);
        }

        RunFolder run = resumed ?? RunFolder.Create(parse.GetValue(RunsOption)!, DateTime.Now);
        if (!resuming)
        {
            WriteConfig(run, config, device, dataDirectory);
        }

        using var trainer = new Trainer(config, train, test, device);
        string checkpoint = run.File(Checkpoint.FileName);
        if (resuming)
        {
            trainer.Resume(checkpoint);
            AnsiConsole.MarkupLine($"Resuming {Markup.Escape(run.Path)} at epoch {trainer.State.Epoch}, batch {trainer.State.BatchesDone + 1}.");
        }
        else
        {
            AnsiConsole.MarkupLine($"Run folder: {Markup.Escape(run.Path)}");
        }

        using var stop = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        TrainingOutcome outcome;
        try
        {
            outcome = TrainWithProgress(trainer, config, checkpoint, stop.Token);
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
            trainer.State.History.Save(run.File("history.json"));
            CurvesPlot.Save(trainer.State.History, run.File("curves.png"));
        }

        if (outcome == TrainingOutcome.Interrupted)
        {
            AnsiConsole.MarkupLine($"Interrupted at epoch {trainer.State.Epoch}, batch {trainer.State.BatchesDone}; checkpoint saved. Resume with: [bold]dotnet run --project Training -- --resume {Markup.Escape(run.Path)}[/]");
            return ExitCodes.Interrupted;
        }

        string onnxPath = run.File("model.onnx");
        try
        {
            ModelExport.Run(trainer.Model, onnxPath, run.Id, config.Hash(), test);
        }
        catch (ExportVerificationException e)
        {
            return TrainingCli.Fail(e.Message, ExitCodes.Failure);
        }

        if (parse.GetValue(NoEvaluateOption))
        {
            return ExitCodes.Success;
        }

        return EvaluationStep.Run(onnxPath, run.Path, dataDirectory, parse.GetValue(EvaluationLimitOption));
    }

    private static TrainingOutcome TrainWithProgress(Trainer trainer, TrainingConfig config, string checkpoint, CancellationToken stop)
    {
        TrainingOutcome outcome = TrainingOutcome.Completed;
        AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var observer = new ConsoleObserver(context, trainer.BatchesPerEpoch * config.Epochs, (trainer.State.Epoch - 1) * trainer.BatchesPerEpoch + trainer.State.BatchesDone);
                trainer.SetObserver(observer);
                outcome = trainer.Run(checkpoint, stop);
            });
        return outcome;
    }

    private static TrainingConfig BuildConfig(ParseResult parse)
    {
        string profile = parse.GetValue(ProfileOption) ?? (TorchRuntime.CudaAvailable ? "book" : "cpu");
        TrainingConfig baseline = TrainingProfiles.ByName(profile);
        return baseline with
        {
            Epochs = parse.GetValue(EpochsOption) ?? baseline.Epochs,
            BatchSize = parse.GetValue(BatchSizeOption) ?? baseline.BatchSize,
            LearningRate = parse.GetValue(LearningRateOption) ?? baseline.LearningRate,
            Momentum = parse.GetValue(MomentumOption) ?? baseline.Momentum,
            WeightDecay = parse.GetValue(WeightDecayOption) ?? baseline.WeightDecay,
            LrSchedule = parse.GetValue(LrScheduleOption) ?? baseline.LrSchedule,
            Dropout = parse.GetValue(DropoutOption) ?? baseline.Dropout,
            TrainLimit = parse.GetValue(TrainLimitOption) ?? baseline.TrainLimit,
            ValidationLimit = parse.GetValue(ValidationLimitOption) ?? baseline.ValidationLimit,
            Seed = parse.GetValue(SeedOption) ?? baseline.Seed,
            Device = parse.GetValue(DeviceOption) ?? baseline.Device,
            Precision = parse.GetValue(PrecisionOption) ?? (profile == "cpu" && CpuFeatures.HasBFloat16 ? "bf16" : baseline.Precision),
        };
    }

    /// <summary>Says how this run differs from the book's, and what the book's run would cost here, from a measured step.</summary>
    private static void PrintProfileNotice(TrainingConfig config, Device device)
    {
        TrainingConfig book = TrainingProfiles.Book;
        var differences = new List<string>();
        Differ(differences, "epochs", book.Epochs, config.Epochs);
        Differ(differences, "batch size", book.BatchSize, config.BatchSize);
        Differ(differences, "lr", book.LearningRate, config.LearningRate);
        Differ(differences, "momentum", book.Momentum, config.Momentum);
        Differ(differences, "weight decay", book.WeightDecay, config.WeightDecay);
        Differ(differences, "lr schedule", book.LrSchedule, config.LrSchedule);
        Differ(differences, "training images per epoch", 60_000, config.TrainLimit ?? 60_000);
        Differ(differences, "validation images", 10_000, config.ValidationLimit ?? 10_000);
        Differ(differences, "precision", book.Precision, config.Precision);
        double imagesPerSecond = ThroughputProbe.MeasureTrainingImagesPerSecond(book.BatchSize, device);
        double bookSeconds = (book.Epochs * 60_000.0 / imagesPerSecond) + (book.Epochs * 10_000.0 / (3 * imagesPerSecond));
        AnsiConsole.MarkupLine(
            $"[yellow]notice:[/] profile '{config.Profile}' differs from the book's run in: {Markup.Escape(string.Join("; ", differences))}. " +
            $"The book's run is [bold]--profile book[/]; at the {imagesPerSecond:F1} images/s measured here (fp32, batch {book.BatchSize}) it would take about {FormatDuration(bookSeconds)}.");
    }

    private static void Differ<T>(List<string> differences, string name, T book, T ours)
        where T : notnull
    {
        if (!EqualityComparer<T>.Default.Equals(book, ours))
        {
            differences.Add($"{name} {ours} (book {book})");
        }
    }

    internal static string FormatDuration(double seconds)
    {
        var span = TimeSpan.FromSeconds(seconds);
        return span.TotalHours >= 1 ? $"{(int)span.TotalHours} h {span.Minutes:D2} min" : $"{span.Minutes} min {span.Seconds:D2} s";
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
            machine = new { os = Environment.OSVersion.ToString(), cores = Environment.ProcessorCount, bf16 = CpuFeatures.HasBFloat16 },
            started = DateTime.Now.ToString("O"),
        };
        AtomicFile.WriteAllText(run.File("config.json"), JsonSerializer.Serialize(document, TrainingConfig.JsonOptions));
    }
}
