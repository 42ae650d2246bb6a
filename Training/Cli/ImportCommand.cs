using System.CommandLine;
using System.Security.Cryptography;
using AlexNetMl.Contract.Model;
using AlexNetMl.Contract.Programs;
using AlexNetMl.Contract.Runs;
using AlexNetMl.Contract.Settings;
using AlexNetMl.Export.Libtorch;
using AlexNetMl.Pipeline.Data;
using AlexNetMl.Pipeline.Evaluation;
using AlexNetMl.Training.Checkpoints;
using AlexNetMl.Training.Fitting;
using AlexNetMl.Training.Interop;
using AlexNetMl.Training.Models;
using AlexNetMl.Training.Planning;
using AlexNetMl.Training.Steps;

namespace AlexNetMl.Training.Cli;

/// <summary>
/// <c>import --pytorch FILE [--model NAME] [--out DIR]</c>: weights trained with the book's PyTorch code become a run
/// folder like a training run's: manifest, checkpoint, verified model.onnx and model-int8.onnx, model.zip and the
/// ML.NET evaluation.
/// </summary>
internal static class ImportCommand
{
    public static Command Create(ProgramShell shell)
    {
        var file = new Option<string>("--pytorch") { Description = "A state_dict saved by torch.save(model.state_dict(), FILE) (.pt/.pth) or a .safetensors file, in the book's key layout (net.0.weight, ...).", Required = true };
        var model = SettingOptions.Enum<ModelKind>("--model", "The architecture the weights belong to (default alexnet): " + string.Join(", ", ModelCatalog.All.Select(m => m.Name)) + ".");
        var output = new Option<string?>("--out") { Description = "The run folder to create (it must not exist). Default: a new folder under --runs." };
        var runs = new Option<string>("--runs") { Description = "Folder that receives run folders.", DefaultValueFactory = _ => RunFolder.DefaultRoot };
        var data = new Option<string?>("--data") { Description = "Fashion-MNIST directory." };
        var limit = new Option<int?>("--eval-limit") { Description = "Evaluate on the first N test images (default: all 10,000)." };
        var noEvaluate = new Option<bool>("--no-evaluate") { Description = "Stop after the export and the package; skip the ML.NET evaluation." };
        var command = new Command("import", "Import PyTorch weights in the book's layout: checkpoint, verified ONNX export, model.zip and ML.NET evaluation, in a run folder.") { file, model, output, runs, data, limit, noEvaluate };
        command.SetAction(parse => TrainingCli.Guarded(shell, () =>
        {
            RunFolder Folder() => parse.GetValue(output) is { } folder ? RunFolder.CreateAt(folder) : RunFolder.Create(parse.GetValue(runs)!, DateTime.Now);
            var request = new ImportRequest(parse.GetValue(file)!, parse.GetValue(model) ?? ModelKind.AlexNet, FashionMnistFiles.ResolveDirectory(parse.GetValue(data)), !parse.GetValue(noEvaluate), parse.GetValue(limit));
            return Import(request, Folder, shell);
        }));
        return command;
    }

    private sealed record ImportRequest(string Source, ModelKind Kind, string DataDirectory, bool Evaluate, int? EvaluationLimit);

    private static int Import(ImportRequest request, Func<RunFolder> createFolder, ProgramShell shell)
    {
        DateTime started = DateTime.Now;
        TorchRuntime.EnsureAvailable();
        var observer = new ConsoleJobObserver();
        TrainingConfig config = TrainingProfiles.Book with { Model = request.Kind };
        using FashionModel network = ModelCatalog.Create(request.Kind, FashionMnistClasses.Count, config.Dropout);
        PyTorchFormat format = ReadWeights(request, network, observer);
        RunFolder run = createFolder();
        shell.ErrorLogPath = run.File(RunFolder.ErrorLogName);
        observer.Report($"Run folder: {run.Path}");
        RunManifestFile.Write(run, new RunManifest { RunId = run.Id, Config = config, ConfigHash = config.Hash(), Provenance = Provenance.Current(TorchRuntime.ResolveDevice(ComputeDevice.Cpu), request.DataDirectory, Imported(request.Source, format)) });

        // A checkpoint at the start of a book run, holding the imported weights: export reads it, and --resume
        // fine-tunes from it with the book's recipe.
        using (var optimizer = Optim.Optimizers.For(network.parameters(), config))
        {
            Checkpoint.Save(run.File(Checkpoint.FileName), network, optimizer, new TrainingState { Config = config, History = new TrainingHistory() });
        }

        FashionMnistDataset test = FashionMnistDataset.Load(request.DataDirectory, FashionMnistSplit.Test);
        FashionMnistDataset train = FashionMnistDataset.Load(request.DataDirectory, FashionMnistSplit.Train);
        ExportResult exported = new ExportStep(observer).Run(network, run, config.Hash(), train, test);
        string package = new PackageStep(observer).Run(exported.OnnxPath, run);
        EvaluationReport? report = !request.Evaluate ? null
            : new EvaluateStep(observer).Run(new EvaluationRequest(exported.OnnxPath, run.Path, request.DataDirectory, request.EvaluationLimit, ComputeDevice.Auto));
        new ReportStep(observer).Run(run, exported.Models with { Package = Path.GetFileName(package) }, report, started);
        return ExitCodes.Success;
    }

    private static PyTorchFormat ReadWeights(ImportRequest request, FashionModel network, ConsoleJobObserver observer)
    {
        using StateDict weights = PyTorchStateDict.Read(request.Source);
        BookLayout.Load(network, weights);
        observer.Report($"Read {request.Source} ({SettingNames.Of(weights.Format)}): all {BookLayout.Parameters(network).Count} tensors of the book's {ModelCatalog.Get(request.Kind).Name}, shapes checked.");
        return weights.Format;
    }

    private static ImportedWeights Imported(string source, PyTorchFormat format)
    {
        using FileStream stream = File.OpenRead(source);
        return new ImportedWeights(Path.GetFullPath(source), SettingNames.Of(format), Convert.ToHexStringLower(SHA256.HashData(stream)));
    }
}
