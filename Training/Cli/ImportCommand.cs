using System.CommandLine;
using System.Security.Cryptography;
using System.Text.Json;
using AlexNetMl.Contract.IO;
using AlexNetMl.Contract.Model;
using AlexNetMl.Contract.Programs;
using AlexNetMl.Contract.Runs;
using AlexNetMl.Contract.Settings;
using AlexNetMl.Export.Libtorch;
using AlexNetMl.Pipeline.Data;
using AlexNetMl.Training.Checkpoints;
using AlexNetMl.Training.Fitting;
using AlexNetMl.Training.Interop;
using AlexNetMl.Training.Models;
using AlexNetMl.Training.Planning;
using Spectre.Console;

namespace AlexNetMl.Training.Cli;

/// <summary>
/// <c>import --pytorch FILE [--model NAME] [--out DIR]</c>: weights trained with the book's PyTorch code become a run
/// folder like a training run's: checkpoint, verified model.onnx and model-int8.onnx, and the ML.NET evaluation.
/// </summary>
internal static class ImportCommand
{
    public static Command Create(ProgramShell shell)
    {
        var file = new Option<string>("--pytorch") { Description = "A state_dict saved by torch.save(model.state_dict(), FILE) (.pt/.pth) or a .safetensors file, in the book's key layout (net.0.weight, ...).", Required = true };
        var model = CliOptions.Enum<ModelKind>("--model", "The architecture the weights belong to (default alexnet): " + string.Join(", ", ModelCatalog.All.Select(m => m.Name)) + ".");
        var output = new Option<string?>("--out") { Description = "The run folder to create (it must not exist). Default: a new folder under --runs." };
        var runs = new Option<string>("--runs") { Description = "Folder that receives run folders.", DefaultValueFactory = _ => "runs" };
        var data = new Option<string?>("--data") { Description = "Fashion-MNIST directory." };
        var limit = new Option<int?>("--eval-limit") { Description = "Evaluate on the first N test images (default: all 10,000)." };
        var noEvaluate = new Option<bool>("--no-evaluate") { Description = "Stop after the export; skip the ML.NET evaluation." };
        var command = new Command("import", "Import PyTorch weights in the book's layout: checkpoint, verified ONNX export and ML.NET evaluation, in a run folder.") { file, model, output, runs, data, limit, noEvaluate };
        command.SetAction(parse => TrainingCli.Guarded(shell, () =>
        {
            string source = parse.GetValue(file)!;
            ModelKind kind = parse.GetValue(model) ?? ModelKind.AlexNet;
            string dataDirectory = FashionMnistFiles.ResolveDirectory(parse.GetValue(data));
            TorchRuntime.EnsureAvailable();

            TrainingConfig config = TrainingProfiles.Book with { Model = kind };
            using FashionModel network = ModelCatalog.Create(kind, FashionMnistClasses.Count, config.Dropout);
            PyTorchFormat format;
            using (StateDict weights = PyTorchStateDict.Read(source))
            {
                BookLayout.Load(network, weights);
                format = weights.Format;
            }

            AnsiConsole.MarkupLine(Markup.Escape($"Read {source} ({SettingNames.Of(format)}): all {BookLayout.Parameters(network).Count} tensors of the book's {ModelCatalog.Get(kind).Name}, shapes checked."));
            RunFolder run = parse.GetValue(output) is { } folder ? RunFolder.CreateAt(folder) : RunFolder.Create(parse.GetValue(runs)!, DateTime.Now);
            shell.ErrorLogPath = run.File(RunFolder.ErrorLogName);
            AnsiConsole.MarkupLine($"Run folder: {Markup.Escape(run.Path)}");
            WriteConfig(run, config, source, format);

            // A checkpoint at the start of a book run, holding the imported weights: export reads it, and --resume
            // fine-tunes from it with the book's recipe.
            using (var optimizer = Optim.SGD.For(network.parameters(), config))
            {
                Checkpoint.Save(run.File(Checkpoint.FileName), network, optimizer, new TrainingState { Config = config, History = new TrainingHistory() });
            }

            FashionMnistDataset test = FashionMnistDataset.Load(dataDirectory, FashionMnistSplit.Test);
            FashionMnistDataset train = FashionMnistDataset.Load(dataDirectory, FashionMnistSplit.Train);
            string onnx = ExportPrinter.ExportRun(network, run, config.Hash(), train, test);
            if (!parse.GetValue(noEvaluate))
            {
                EvaluationStep.Run(new EvaluationRequest(onnx, run.Path, dataDirectory, parse.GetValue(limit), ComputeDevice.Auto));
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    private static void WriteConfig(RunFolder run, TrainingConfig config, string source, PyTorchFormat format)
    {
        using FileStream stream = File.OpenRead(source);
        var document = new
        {
            run_id = run.Id,
            imported = new { file = Path.GetFullPath(source), format = SettingNames.Of(format), sha256 = Convert.ToHexStringLower(SHA256.HashData(stream)), at = DateTime.Now.ToString("O") },
            config,
            config_hash = config.Hash(),
        };
        AtomicFile.WriteAllText(run.File(RunFolder.ConfigFile), JsonSerializer.Serialize(document, TrainingConfig.JsonOptions));
    }
}
