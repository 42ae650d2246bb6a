using System.CommandLine;
using AlexNetMl.Pipeline.Data;

namespace AlexNetMl.Training.Cli;

/// <summary><c>evaluate --model FILE [--data DIR] [--limit N] [--out DIR] [--gpu ID|none] [--scorer chain|batched]</c>.</summary>
internal static class EvaluateCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "model.onnx or model.zip to evaluate.", Required = true };
        var data = new Option<string?>("--data") { Description = "Fashion-MNIST directory." };
        var limit = new Option<int?>("--limit") { Description = "Evaluate only the first N test images." };
        var output = new Option<string?>("--out") { Description = "Folder for report.md, metrics.json, confusion.png (default: the model's folder)." };
        var gpu = new Option<string>("--gpu") { Description = "CUDA device id to try for ONNX scoring, or 'none' for CPU only.", DefaultValueFactory = _ => "0" };
        var scorer = new Option<string>("--scorer") { Description = "chain (the ML.NET pipeline apps run) or batched (ONNX Runtime in batches of 32, same evaluator).", DefaultValueFactory = _ => "chain" };
        var command = new Command("evaluate", "Score the Fashion-MNIST test set through the ML.NET pipeline and report ML.NET's multiclass metrics.") { model, data, limit, output, gpu, scorer };
        command.SetAction(parse => TrainingCli.Guarded(() =>
        {
            string modelPath = parse.GetValue(model)!;
            string gpuText = parse.GetValue(gpu)!;
            int? gpuId = gpuText == "none" ? null
                : int.TryParse(gpuText, out int id) && id >= 0 ? id
                : throw new ArgumentException($"--gpu must be a device id (0, 1, ...) or 'none' (got '{gpuText}').");
            string outputDirectory = parse.GetValue(output) ?? Path.GetDirectoryName(Path.GetFullPath(modelPath))!;
            return EvaluationStep.Run(modelPath, outputDirectory, FashionMnistFiles.ResolveDirectory(parse.GetValue(data)), parse.GetValue(limit), gpuId, parse.GetValue(scorer)!);
        }));
        return command;
    }
}
