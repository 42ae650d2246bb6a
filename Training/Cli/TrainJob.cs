using System.CommandLine;
using System.Globalization;
using AlexNetMl.Contract.IO;
using AlexNetMl.Contract.Programs;
using AlexNetMl.Contract.Runs;
using AlexNetMl.Export.Libtorch;
using AlexNetMl.Pipeline.Data;
using AlexNetMl.Pipeline.Evaluation;
using AlexNetMl.Training.Checkpoints;
using AlexNetMl.Training.Fitting;
using AlexNetMl.Training.Planning;
using AlexNetMl.Training.Steps;
using static TorchSharp.torch;

namespace AlexNetMl.Training.Cli;

/// <summary>One run of the main job: Plan (or resume), Train, Export, Package, Evaluate, Report.</summary>
internal sealed class TrainJob(ParseResult parse, TrainOptions options, ProgramShell shell, DateTime jobStart)
{
    private readonly TrainSettings _settings = new(parse, options);
    private readonly ConsoleJobObserver _observer = new();

    public int Run()
    {
        string dataDirectory = FashionMnistFiles.ResolveDirectory(parse.GetValue(options.Data));
        TorchRuntime.EnsureAvailable();
        (FashionMnistDataset train, FashionMnistDataset test) = LoadData(dataDirectory);
        (RunFolder run, TrainingConfig config, TrainingState? resumed) = parse.GetResult(options.Resume) is null ? NewRun(train, test, dataDirectory) : ResumedRun();
        try
        {
            return Steps(run, config, resumed, train, test, dataDirectory);
        }
        catch (IOException e) when (StorageFaults.IsStorageFault(e))
        {
            throw RunStorageException.For(run, e);
        }
    }

    // The job after its run folder exists: Train, Export, Package, Evaluate, Report.
    private int Steps(RunFolder run, TrainingConfig config, TrainingState? resumed, FashionMnistDataset train, FashionMnistDataset test, string dataDirectory)
    {
        var checkpoints = new CheckpointSchedule(_settings.CheckpointEvery, TimeProvider.System);
        using var trainer = new Trainer(config, train, test, TorchRuntime.ResolveDevice(config.Device), checkpoints: checkpoints, replanning: Replanning(config, resumed));
        if (resumed is not null)
        {
            trainer.Resume(run.File(Checkpoint.FileName));
            _observer.Report($"Resuming {run.Path} at epoch {trainer.State.Epoch}, batch {trainer.State.BatchesDone + 1}.");
        }

        using var signals = new StopSignals();
        if (new TrainStep(_observer).Run(trainer, run, signals.Token) == TrainingOutcome.Interrupted)
        {
            _observer.Report($"Stopped by {signals.SignalName} at epoch {trainer.State.Epoch}, batch {trainer.State.BatchesDone}; checkpoint saved. Resume with: dotnet run --project Training -- --resume {run.Path}");
            return signals.ExitCode;
        }

        ExportResult exported = new ExportStep(_observer).Run(trainer.Result, run, config.Hash(), train, test);
        string package = new PackageStep(_observer).Run(exported.OnnxPath, run);
        EvaluationReport? report = parse.GetValue(options.NoEvaluate) ? null
            : new EvaluateStep(_observer).Run(new EvaluationRequest(exported.OnnxPath, run.Path, dataDirectory, parse.GetValue(options.EvaluationLimit), config.Device));
        new ReportStep(_observer).Run(run, exported.Models with { Package = Path.GetFileName(package) }, report, jobStart);
        return ExitCodes.Success;
    }

    // A budgeted run follows the machine: it re-plans at every checkpoint interval, and at least every two minutes. A
    // resumed one spends what its budget has left: the job seconds its checkpoint recorded, plus this process's so far.
    private Replanning? Replanning(TrainingConfig config, TrainingState? resumed)
    {
        if (config.Plan is not { BudgetSeconds: not null } plan)
        {
            return null;
        }

        TimeSpan every = _settings.CheckpointEvery;
        TimeSpan interval = every > TimeSpan.Zero && every < Replanner.LongestInterval ? every : Replanner.LongestInterval;
        return new Replanning(plan, interval, (resumed?.JobSeconds ?? 0) + (DateTime.Now - jobStart).TotalSeconds);
    }

    private (FashionMnistDataset Train, FashionMnistDataset Test) LoadData(string dataDirectory)
    {
        FashionMnistDataset train = FashionMnistDataset.Load(dataDirectory, FashionMnistSplit.Train);
        FashionMnistDataset test = FashionMnistDataset.Load(dataDirectory, FashionMnistSplit.Test);
        _observer.Report($"Data: {dataDirectory} ({train.Count:N0} training, {test.Count:N0} test images). Threads: {get_num_threads()}.");
        return (train, test);
    }

    private (RunFolder Run, TrainingConfig Config, TrainingState? Resumed) NewRun(FashionMnistDataset train, FashionMnistDataset test, string dataDirectory)
    {
        TrainingConfig config = _settings.NewConfig();
        config.Validate();
        Device device = TorchRuntime.ResolveDevice(config.Device);
        var inputs = new PlanInputs(config, _settings.Budget(config.Profile), _settings.LengthGiven, _settings.EvaluationImages(test.Count), _settings.CheckpointEvery, jobStart, device, train, test);
        config = new PlanStep(_observer).Run(inputs);
        config.Validate();
        RunFolder run = RunFolder.Create(parse.GetValue(options.Runs)!, DateTime.Now);
        shell.ErrorLogPath = run.File(RunFolder.ErrorLogName);
        RunManifestFile.Write(run, new RunManifest { RunId = run.Id, Config = config, ConfigHash = config.Hash(), Provenance = Provenance.Current(device, dataDirectory) });
        _observer.Report($"Run folder: {run.Path}");
        return (run, config, null);
    }

    private (RunFolder Run, TrainingConfig Config, TrainingState? Resumed) ResumedRun()
    {
        RunFolder run = RunFolder.Open(parse.GetValue(options.Resume) ?? Path.Combine(parse.GetValue(options.Runs)!, RunFolder.LatestName));
        shell.ErrorLogPath = run.File(RunFolder.ErrorLogName);
        run.RemoveStaleTemporaryFiles();
        TrainingState state = Checkpoint.ReadState(run.File(Checkpoint.FileName));
        _settings.RefuseConflicts(run.Id, state.Config);
        TrainingConfig config = state.Config;
        if (parse.GetValue(options.Epochs) is int epochs && epochs != config.Epochs)
        {
            if (epochs < state.Epoch - 1)
            {
                throw new ArgumentException($"--epochs {epochs} is fewer than the {state.Epoch - 1} epochs {run.Id} has finished.");
            }

            var change = new ResumeChange(DateTimeOffset.Now, "epochs", config.Epochs.ToString(CultureInfo.InvariantCulture), epochs.ToString(CultureInfo.InvariantCulture));
            RunManifestFile.Update(run, manifest => manifest with { Resumes = [.. manifest.Resumes, change] });
            config = config with { Epochs = epochs };
        }

        return (run, config, state);
    }
}
