using AlexNetMl.Contract.Runs;
using AlexNetMl.Export.Quantization;
using AlexNetMl.Export.Verification;
using AlexNetMl.Pipeline.Data;
using AlexNetMl.Training.Models;
using AlexNetMl.Training.Steps;
using Spectre.Console;

namespace AlexNetMl.Training.Cli;

/// <summary>Exports a run's models and prints what was written and how it was verified.</summary>
internal static class ExportPrinter
{
    /// <summary>
    /// Writes the run's model.onnx and model-int8.onnx (calibrated on <paramref name="train"/>), each verified on
    /// <paramref name="test"/> before it is written; returns model.onnx's path.
    /// </summary>
    public static string ExportRun(FashionModel model, RunFolder run, string configHash, FashionMnistDataset train, FashionMnistDataset test)
    {
        string onnx = run.File(RunFolder.ModelFile);
        Fp32(onnx, ModelExport.Run(model, onnx, run.Id, configHash, test));
        string int8 = run.File(RunFolder.Int8ModelFile);
        Int8(int8, ModelExport.RunInt8(model, int8, run.Id, configHash, train, test));
        return onnx;
    }

    public static void Fp32(string path, ParityReport report)
    {
        AnsiConsole.MarkupLine(Markup.Escape($"Exported {path} ({Size(path)}); verified against TorchSharp on {report.InputDescription}:"));
        foreach (string line in report.Lines)
        {
            AnsiConsole.MarkupLine($"  {Markup.Escape(line)}");
        }
    }

    public static void Int8(string path, QuantizationReport report) =>
        AnsiConsole.MarkupLine(Markup.Escape($"Exported {path} ({Size(path)}): {report.Line}."));

    private static string Size(string path) => $"{new FileInfo(path).Length / 1048576.0:F1} MiB";
}
