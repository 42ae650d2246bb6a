using AlexNetMl.Export.Quantization;
using AlexNetMl.Export.Verification;
using Spectre.Console;

namespace AlexNetMl.Training.Cli;

/// <summary>Prints what an export wrote and how it was verified.</summary>
internal static class ExportPrinter
{
    public static void Fp32(string path, ParityReport report)
    {
        AnsiConsole.MarkupLine(Markup.Escape($"Exported {path} ({Size(path)}); verified against TorchSharp on {report.InputDescription}:"));
        foreach (string line in report.Lines)
        {
            AnsiConsole.MarkupLine($"  {Markup.Escape(line)}");
        }
    }

    public static void Int8(string path, QuantizationReport report) =>
        AnsiConsole.MarkupLine(Markup.Escape($"Exported {path} ({Size(path)}, int8 dense layers); {report.Line}."));

    private static string Size(string path) => $"{new FileInfo(path).Length / 1048576.0:F1} MiB";
}
