using AlexNetMl.Pipeline.Evaluation;
using Spectre.Console;

namespace AlexNetMl.Training.Reports;

/// <summary>Prints an <see cref="EvaluationReport"/> as Spectre.Console tables.</summary>
public static class ReportConsole
{
    /// <summary>Writes the summary, per-class and confusion tables to <paramref name="console"/>.</summary>
    public static void Write(EvaluationReport report, IAnsiConsole? console = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        console ??= AnsiConsole.Console;
        var summary = new Table().Title($"Evaluation: {report.Images:N0} images, {Markup.Escape(report.Weights)} weights, {Markup.Escape(report.Scorer)}, {Markup.Escape(report.Device)}").AddColumns("metric", "value");
        summary.Columns[1].RightAligned();
        summary.AddRow("micro accuracy", $"{report.MicroAccuracy:F4}");
        summary.AddRow("macro accuracy", $"{report.MacroAccuracy:F4}");
        summary.AddRow("log-loss", $"{report.LogLoss:F4}");
        summary.AddRow("log-loss reduction", $"{report.LogLossReduction:F4}");
        summary.AddRow($"top-{EvaluationReport.TopK} accuracy", $"{report.TopKAccuracy:F4}");
        console.Write(summary);

        var classes = new Table().AddColumns("class", "precision", "recall", "log-loss", "images");
        for (int c = 1; c < 5; c++)
        {
            classes.Columns[c].RightAligned();
        }

        foreach (ClassMetrics c in report.Classes)
        {
            classes.AddRow(Markup.Escape(c.Name), $"{c.Precision:F4}", $"{c.Recall:F4}", $"{c.LogLoss:F4}", $"{c.Support:N0}");
        }

        console.Write(classes);

        var confusion = new Table().Title("confusion (rows: true, columns: predicted)").AddColumn("true \\ pred");
        foreach (int i in Enumerable.Range(0, report.Classes.Count))
        {
            confusion.AddColumn(new TableColumn(i.ToString(System.Globalization.CultureInfo.InvariantCulture)).RightAligned());
        }

        for (int t = 0; t < report.Classes.Count; t++)
        {
            confusion.AddRow([$"{t} {Markup.Escape(report.Classes[t].Name)}", .. report.Confusion[t].Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
        }

        console.Write(confusion);
    }
}
