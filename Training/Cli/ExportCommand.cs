using System.CommandLine;
using AlexNetMl.Export.Torch;
using AlexNetMl.Export.Verification;
using AlexNetMl.Pipeline.Data;
using AlexNetMl.Training.Models;
using AlexNetMl.Training.Training;

namespace AlexNetMl.Training.Cli;

/// <summary><c>export --checkpoint FILE [--out model.onnx]</c>: re-exports any checkpoint.</summary>
internal static class ExportCommand
{
    public static Command Create()
    {
        var checkpoint = new Option<string>("--checkpoint") { Description = "Checkpoint file written by training (runs/<id>/checkpoint.bin).", Required = true };
        var output = new Option<string?>("--out") { Description = "Output file (default: model.onnx next to the checkpoint)." };
        var data = new Option<string?>("--data") { Description = "Fashion-MNIST directory, for verifying on real images (random inputs if none is found)." };
        var command = new Command("export", "Export a checkpoint to ONNX and verify it against TorchSharp.") { checkpoint, output, data };
        command.SetAction(parse => TrainingCli.Guarded(() =>
        {
            string checkpointPath = parse.GetValue(checkpoint)!;
            string outputPath = parse.GetValue(output) ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(checkpointPath))!, "model.onnx");
            string? outputDirectory = Path.GetDirectoryName(Path.GetFullPath(outputPath));
            if (outputDirectory is null || !Directory.Exists(outputDirectory))
            {
                throw new DirectoryNotFoundException($"Cannot write '{outputPath}': folder '{outputDirectory}' does not exist.");
            }

            TorchRuntime.EnsureAvailable();
            TrainingState state = Checkpoint.ReadState(checkpointPath);
            using var model = new AlexNet(FashionMnistClasses.Count, state.Config.Dropout);
            Checkpoint.Load(checkpointPath, model, optimizer: null);
            FashionMnistDataset? test = TryLoadTest(parse.GetValue(data));
            string runId = Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(checkpointPath))) ?? "unknown";
            try
            {
                ModelExport.Run(model, outputPath, runId, state.Config.Hash(), test);
            }
            catch (ExportVerificationException e)
            {
                return TrainingCli.Fail(e.Message, ExitCodes.Failure);
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    private static FashionMnistDataset? TryLoadTest(string? explicitDirectory)
    {
        try
        {
            return FashionMnistDataset.Load(FashionMnistFiles.ResolveDirectory(explicitDirectory), FashionMnistSplit.Test);
        }
        catch (DirectoryNotFoundException) when (explicitDirectory is null)
        {
            return null;
        }
    }
}
