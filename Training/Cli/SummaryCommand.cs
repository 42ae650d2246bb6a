using System.CommandLine;
using AlexNetMl.Export.Torch;
using AlexNetMl.Training.Models;
using Spectre.Console;

namespace AlexNetMl.Training.Cli;

/// <summary><c>summary</c>: the book's layer_summary, with parameters, their memory and multiply-adds per layer.</summary>
internal static class SummaryCommand
{
    public static Command Create()
    {
        var command = new Command("summary", "Print each layer's output shape for a 1×1×224×224 input, with parameters, parameter memory and multiply-adds.");
        command.SetAction(_ => TrainingCli.Guarded(() =>
        {
            TorchRuntime.EnsureAvailable();
            using var model = new AlexNet();
            Print(LayerSummary.Compute(model));
            return ExitCodes.Success;
        }));
        return command;
    }

    private static void Print(IReadOnlyList<LayerInfo> layers)
    {
        var table = new Table().Title("AlexNet layer summary (input 1×1×224×224)");
        table.AddColumns("layer", "type", "output", "params", "memory", "MACs");
        for (int c = 3; c < 6; c++)
        {
            table.Columns[c].RightAligned();
        }

        foreach (LayerInfo layer in layers)
        {
            table.AddRow(layer.Name, layer.Kind, string.Join("×", layer.OutputShape), $"{layer.Parameters:N0}", Bytes(layer.ParameterBytes), $"{layer.MultiplyAdds:N0}");
        }

        AddTotal(table, "conv total", layers.Where(l => l.IsConvolution).ToList());
        AddTotal(table, "dense total", layers.Where(l => l.IsDense).ToList());
        AddTotal(table, "total", layers);
        AnsiConsole.Write(table);

        List<LayerInfo> hidden = layers.Where(l => l.IsDense).Take(2).ToList();
        long hiddenBytes = hidden.Sum(l => l.ParameterBytes);
        AnsiConsole.MarkupLine(
            $"The two hidden dense layers ({string.Join(", ", hidden.Select(l => l.Name))}) hold {hidden.Sum(l => l.Parameters):N0} parameters: " +
            $"{hiddenBytes / 1e6:F1} MB = {hiddenBytes / 1048576.0:F1} MiB at fp32 (the book's \"164 MB\" is this figure in MiB).");
        double forward = LayerSummary.ForwardFlopsPerImage(layers);
        AnsiConsole.MarkupLine($"Forward pass: {forward / 1e9:F2} GFLOP per image; a training step: {LayerSummary.TrainingFlopsPerImage(layers) / 1e9:F2} GFLOP per image.");
    }

    private static void AddTotal(Table table, string label, IReadOnlyList<LayerInfo> layers) =>
        table.AddRow($"[bold]{label}[/]", string.Empty, string.Empty, $"[bold]{layers.Sum(l => l.Parameters):N0}[/]", $"[bold]{Bytes(layers.Sum(l => l.ParameterBytes))}[/]", $"[bold]{layers.Sum(l => l.MultiplyAdds):N0}[/]");

    private static string Bytes(long bytes) => bytes == 0 ? "0" : $"{bytes / 1048576.0:F2} MiB";
}
