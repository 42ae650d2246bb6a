using System.CommandLine;
using AlexNetMl.Contract.Model;
using AlexNetMl.Contract.Programs;
using AlexNetMl.Export.Libtorch;
using AlexNetMl.Pipeline.Data;
using AlexNetMl.Training.Models;
using Spectre.Console;

namespace AlexNetMl.Training.Cli;

/// <summary><c>summary [--model NAME]</c>: the book's layer_summary, with parameters, their memory and multiply-adds per layer, and what dominates.</summary>
internal static class SummaryCommand
{
    public static Command Create(ProgramShell shell)
    {
        var model = SettingOptions.Enum<ModelKind>("--model", "The network to summarise (default alexnet).");
        var command = new Command("summary", "Print each layer's output shape for one input image, with parameters, parameter memory and multiply-adds.") { model };
        command.SetAction(parse => TrainingCli.Guarded(shell, () =>
        {
            TorchRuntime.EnsureAvailable();
            using FashionModel network = ModelCatalog.Create(parse.GetValue(model) ?? ModelKind.AlexNet, FashionMnistClasses.Count, dropout: 0.5);
            Print(ModelCatalog.Get(network.Kind), LayerSummary.Compute(network));
            return ExitCodes.Success;
        }));
        return command;
    }

    private static void Print(ModelSpec spec, IReadOnlyList<LayerInfo> layers)
    {
        var table = new Table().Title($"{spec.Name} layer summary (input 1×1×{spec.InputSide}×{spec.InputSide})");
        table.AddColumns("layer", "type", "output", "params", "memory", "MACs");
        for (int c = 3; c < 6; c++)
        {
            table.Columns[c].RightAligned();
        }

        foreach (LayerInfo layer in layers)
        {
            table.AddRow(layer.Name, layer.Kind, string.Join("×", layer.OutputShape), $"{layer.Parameters:N0}", Bytes(layer.ParameterBytes), $"{layer.MultiplyAdds:N0}");
        }

        var convolutions = layers.Where(l => l.IsConvolution).ToList();
        var dense = layers.Where(l => l.IsDense).ToList();
        AddTotal(table, "conv total", convolutions);
        AddTotal(table, "dense total", dense);
        AddTotal(table, "total", layers);
        AnsiConsole.Write(table);

        LayerTotals totals = LayerSummary.Totals(layers);
        AnsiConsole.MarkupLine(Markup.Escape(
            $"Memory: the dense layers hold {totals.DenseParameterShare:P1} of the {totals.Parameters:N0} parameters ({totals.DenseBytes / 1048576.0:F1} MiB of {totals.ParameterBytes / 1048576.0:F1} MiB at fp32), " +
            $"so {(totals.DenseParameterShare > 0.5 ? "the dense layers dominate memory" : "the convolutions dominate memory")}. " +
            $"Compute: the convolutions do {totals.ConvolutionMacShare:P1} of the {totals.MultiplyAdds:N0} multiply-adds per image, " +
            $"so {(totals.ConvolutionMacShare > 0.5 ? "the convolutions dominate compute" : "the dense layers dominate compute")}."));
        AnsiConsole.MarkupLine($"Forward pass: {LayerSummary.ForwardFlopsPerImage(layers) / 1e9:F3} GFLOP per image; a training step: {LayerSummary.TrainingFlopsPerImage(layers) / 1e9:F3} GFLOP per image.");
    }

    private static void AddTotal(Table table, string label, IReadOnlyList<LayerInfo> layers) =>
        table.AddRow($"[bold]{label}[/]", string.Empty, string.Empty, $"[bold]{layers.Sum(l => l.Parameters):N0}[/]", $"[bold]{Bytes(layers.Sum(l => l.ParameterBytes))}[/]", $"[bold]{layers.Sum(l => l.MultiplyAdds):N0}[/]");

    private static string Bytes(long bytes) => bytes == 0 ? "0" : $"{bytes / 1048576.0:F2} MiB";
}
