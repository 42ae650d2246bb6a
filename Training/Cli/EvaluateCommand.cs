using System.CommandLine;
using AlexNetMl.Contract.Programs;
using AlexNetMl.Contract.Settings;
using AlexNetMl.Pipeline.Data;
using AlexNetMl.Pipeline.Evaluation;
using AlexNetMl.Training.Steps;

namespace AlexNetMl.Training.Cli;

/// <summary><c>evaluate --model FILE [--data DIR] [--eval-limit N] [--out DIR] [--device auto|cpu|cuda] [--gpu-id N] [--scorer chain|batched]</c>: the Evaluate step alone.</summary>
internal static class EvaluateCommand
{
    public static Command Create(ProgramShell shell)
    {
        var model = new Option<string>("--model") { Description = "model.onnx or model.zip to evaluate (told apart by content).", Required = true };
        var data = new Option<string?>("--data") { Description = "Fashion-MNIST directory." };
        var limit = new Option<int?>("--eval-limit") { Description = "Evaluate only the first N test images." };
        var output = new Option<string?>("--out") { Description = "Folder for report.md, metrics.json, confusion.png (default: the model's folder)." };
        var device = SettingOptions.Enum<ComputeDevice>("--device", "Where ONNX scoring runs: auto (CUDA when it starts, else CPU), cpu, or cuda. Applies to model.onnx and model.zip alike.");
        var gpuId = new Option<int>("--gpu-id") { Description = "The CUDA device to use.", DefaultValueFactory = _ => 0 };
        var scorer = SettingOptions.Enum<EvaluationScorer>("--scorer", "chain (the ML.NET pipeline apps run) or batched (ONNX Runtime in batches, same evaluator; ONNX files only).");
        var command = new Command("evaluate", "Score the Fashion-MNIST test set and report ML.NET's multiclass metrics.") { model, data, limit, output, device, gpuId, scorer };
        command.SetAction(parse => TrainingCli.Guarded(shell, () =>
        {
            string modelPath = parse.GetValue(model)!;
            string outputDirectory = parse.GetValue(output) ?? Path.GetDirectoryName(Path.GetFullPath(modelPath))!;
            var request = new EvaluationRequest(modelPath, outputDirectory, FashionMnistFiles.ResolveDirectory(parse.GetValue(data)), parse.GetValue(limit), parse.GetValue(device) ?? ComputeDevice.Auto, parse.GetValue(gpuId), parse.GetValue(scorer) ?? EvaluationScorer.Chain);
            new EvaluateStep(new ConsoleJobObserver()).Run(request);
            return ExitCodes.Success;
        }));
        return command;
    }
}
