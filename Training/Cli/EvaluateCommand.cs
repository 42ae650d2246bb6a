using System.CommandLine;
using AlexNetMl.Contract.Programs;
using AlexNetMl.Contract.Settings;
using AlexNetMl.Pipeline.Data;
using AlexNetMl.Pipeline.Evaluation;

namespace AlexNetMl.Training.Cli;

/// <summary><c>evaluate --model FILE [--data DIR] [--eval-limit N] [--out DIR] [--device auto|cpu|cuda] [--gpu-id N] [--scorer chain|batched]</c>.</summary>
internal static class EvaluateCommand
{
    public static Command Create(ProgramShell shell)
    {
        var model = new Option<string>("--model") { Description = "model.onnx or model.zip to evaluate (told apart by content).", Required = true };
        var data = new Option<string?>("--data") { Description = "Fashion-MNIST directory." };
        var limit = new Option<int?>("--eval-limit") { Description = "Evaluate only the first N test images." };
        var legacyLimit = new Option<int?>("--limit") { Description = "Old spelling of --eval-limit.", Hidden = true };
        var output = new Option<string?>("--out") { Description = "Folder for report.md, metrics.json, confusion.png (default: the model's folder)." };
        var device = CliOptions.Enum<ComputeDevice>("--device", "Where ONNX scoring runs: auto (CUDA when it starts, else CPU), cpu, or cuda. Applies to model.onnx and model.zip alike.");
        var gpuId = new Option<int>("--gpu-id") { Description = "The CUDA device to use.", DefaultValueFactory = _ => 0 };
        var legacyGpu = new Option<string?>("--gpu") { Description = "Old flag: a CUDA device id, or 'none' for the CPU.", Hidden = true };
        var scorer = CliOptions.Enum<EvaluationScorer>("--scorer", "chain (the ML.NET pipeline apps run) or batched (ONNX Runtime in batches, same evaluator; ONNX files only).");
        var command = new Command("evaluate", "Score the Fashion-MNIST test set and report ML.NET's multiclass metrics.") { model, data, limit, legacyLimit, output, device, gpuId, legacyGpu, scorer };
        command.SetAction(parse => TrainingCli.Guarded(shell, () =>
        {
            string modelPath = parse.GetValue(model)!;
            (ComputeDevice chosen, int id) = ResolveDevice(parse.GetValue(device), parse.GetValue(gpuId), parse.GetValue(legacyGpu));
            string outputDirectory = parse.GetValue(output) ?? Path.GetDirectoryName(Path.GetFullPath(modelPath))!;
            var request = new EvaluationRequest(modelPath, outputDirectory, FashionMnistFiles.ResolveDirectory(parse.GetValue(data)), parse.GetValue(limit) ?? parse.GetValue(legacyLimit), chosen, id, parse.GetValue(scorer) ?? EvaluationScorer.Chain);
            EvaluationStep.Run(request);
            return ExitCodes.Success;
        }));
        return command;
    }

    // --gpu, the old flag, meant: a device id to try with CPU fallback (auto), or "none" for the CPU.
    private static (ComputeDevice Device, int GpuId) ResolveDevice(ComputeDevice? device, int gpuId, string? legacyGpu)
    {
        if (legacyGpu is null)
        {
            return (device ?? ComputeDevice.Auto, gpuId);
        }

        if (legacyGpu.Trim().Equals("none", StringComparison.OrdinalIgnoreCase))
        {
            return (ComputeDevice.Cpu, gpuId);
        }

        return int.TryParse(legacyGpu, out int id) && id >= 0
            ? (device ?? ComputeDevice.Auto, id)
            : throw new ArgumentException($"--gpu must be a device id (0, 1, ...) or 'none' (got '{legacyGpu}'); it is now spelled --device cpu|auto|cuda --gpu-id N.");
    }
}
