using System.CommandLine;
using AlexNetMl.Contract.Model;
using AlexNetMl.Contract.Programs;
using AlexNetMl.Contract.Runs;
using AlexNetMl.Export.Libtorch;
using AlexNetMl.Export.Triton;
using AlexNetMl.Pipeline.Data;
using AlexNetMl.Pipeline.Scoring;
using AlexNetMl.Training.Checkpoints;
using AlexNetMl.Training.Interop;
using AlexNetMl.Training.Models;
using AlexNetMl.Training.Steps;

namespace AlexNetMl.Training.Cli;

/// <summary><c>export --checkpoint FILE [--out model.onnx] [--quantize int8] [--triton DIR] [--pytorch FILE]</c>: re-exports any checkpoint, verified before it is written.</summary>
internal static class ExportCommand
{
    public static Command Create(ProgramShell shell)
    {
        var checkpoint = new Option<string>("--checkpoint") { Description = "Checkpoint file written by training (runs/<id>/checkpoint.bin), or the run folder holding it.", Required = true };
        var triton = new Option<string?>("--triton") { Description = "Also write an NVIDIA Triton model repository for the exported model into this folder." };
        var output = new Option<string?>("--out") { Description = "Output file (default: model.onnx next to the checkpoint)." };
        var data = new Option<string?>("--data") { Description = "Fashion-MNIST directory, for verifying on real images (random inputs if none is found; int8 needs it)." };
        var pytorch = new Option<string?>("--pytorch") { Description = "Also write the weights as a PyTorch state_dict in the book's key layout (.safetensors, or .pt/.pth for torch.load), for the book's own classes." };
        var quantize = SettingOptions.Enum<ModelWeights>("--quantize", $"int8: write the int8 model instead (convolutions and dense layers in int8) (default name {RunFolder.Int8ModelFile}), verified against fp32 on {ModelExport.QuantizationImages:N0} test images.");
        var command = new Command("export", "Export a checkpoint to ONNX, verified against TorchSharp before anything is written.") { checkpoint, output, data, quantize, triton, pytorch };
        command.SetAction(parse => TrainingCli.Guarded(shell, () =>
        {
            string checkpointPath = parse.GetValue(checkpoint)!;
            checkpointPath = Directory.Exists(checkpointPath) ? Path.Combine(RunFolder.Open(checkpointPath).Path, Checkpoint.FileName) : checkpointPath;
            bool int8 = parse.GetValue(quantize) == ModelWeights.QuantizedInt8;
            string outputPath = parse.GetValue(output) ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(checkpointPath))!, int8 ? RunFolder.Int8ModelFile : RunFolder.ModelFile);
            CheckOutput(outputPath, checkpointPath);
            string? pytorchPath = parse.GetValue(pytorch);
            if (pytorchPath is not null)
            {
                PyTorchStateDict.FormatOf(pytorchPath);
                CheckOutput(pytorchPath, checkpointPath);
            }

            return Export(new ExportRequest(checkpointPath, outputPath, int8, parse.GetValue(data), pytorchPath, parse.GetValue(triton)));
        }));
        return command;
    }

    private sealed record ExportRequest(string Checkpoint, string Output, bool Int8, string? Data, string? PyTorch, string? Triton);

    private static int Export(ExportRequest request)
    {
        TorchRuntime.EnsureAvailable();
        var observer = new ConsoleJobObserver();
        var step = new ExportStep(observer);
        TrainingState state = Checkpoint.ReadState(request.Checkpoint);
        using FashionModel model = ModelCatalog.Create(state.Config.Model, FashionMnistClasses.Count, state.Config.Dropout);
        Checkpoint.LoadTrained(request.Checkpoint, model);
        string runId = Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(request.Checkpoint)))!;
        FashionMnistDataset? test = TryLoadTest(request.Data);
        if (request.Int8)
        {
            FashionMnistDataset images = test ?? throw new ArgumentException("--quantize int8 calibrates on training images and verifies on test images; pass --data DIR where Fashion-MNIST is.");
            FashionMnistDataset train = FashionMnistDataset.Load(FashionMnistFiles.ResolveDirectory(request.Data), FashionMnistSplit.Train);
            step.ReportInt8(request.Output, ModelExport.RunInt8(model, request.Output, runId, state.Config.Hash(), train, images));
        }
        else
        {
            step.ReportFp32(request.Output, ModelExport.Run(model, request.Output, runId, state.Config.Hash(), test));
        }

        if (request.PyTorch is { } pytorchPath)
        {
            PyTorchStateDict.Write(pytorchPath, BookLayout.StateDict(model));
            observer.Report($"Wrote {pytorchPath}: {BookLayout.Parameters(model).Count} tensors keyed as the book's {ModelCatalog.Get(model.Kind).Name} (net.0.weight, ...), for load_state_dict(strict=True).");
        }

        if (request.Triton is { } repository)
        {
            string written = TritonRepository.Write(repository, request.Output, ModelLoader.ReadOnnx(request.Output).Contract);
            observer.Report($"Wrote the Triton model repository {written} ({TritonRepository.ConfigFile}, {TritonRepository.LabelsFile}, {TritonRepository.Version}/{TritonRepository.ModelFile}).");
        }

        return ExitCodes.Success;
    }

    /// <summary>The output must go to an existing folder and must not be the checkpoint being read.</summary>
    internal static void CheckOutput(string outputPath, string checkpointPath)
    {
        string? outputDirectory = Path.GetDirectoryName(Path.GetFullPath(outputPath));
        if (outputDirectory is null || !Directory.Exists(outputDirectory))
        {
            throw new DirectoryNotFoundException($"Cannot write '{outputPath}': folder '{outputDirectory}' does not exist.");
        }

        if (Directory.Exists(outputPath))
        {
            throw new ArgumentException($"--out '{outputPath}' is a folder; name the file to write (e.g. {Path.Combine(outputPath, RunFolder.ModelFile)}).");
        }

        if (File.Exists(outputPath) && File.Exists(checkpointPath) && SameFile(outputPath, checkpointPath))
        {
            throw new ArgumentException($"--out '{outputPath}' is the checkpoint being exported; writing there would destroy it. Choose another file.");
        }
    }

    private static bool SameFile(string a, string b)
    {
        string Resolve(string path) => new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? Path.GetFullPath(path);
        return string.Equals(Resolve(a), Resolve(b), OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);
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
