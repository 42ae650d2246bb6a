using AlexNetMl.Contract.IO;
using AlexNetMl.Pipeline.Evaluation;
using ScottPlot;

namespace AlexNetMl.Training.Reports;

/// <summary>Draws the confusion counts as a heatmap with class names on both axes.</summary>
public static class ConfusionPlot
{
    /// <summary>The file name in a run or report folder.</summary>
    public const string FileName = "confusion.png";

    /// <summary>Writes confusion.png to <paramref name="path"/> (atomically).</summary>
    public static void Save(EvaluationReport report, string path, int size = 720)
    {
        ArgumentNullException.ThrowIfNull(report);
        int n = report.Classes.Count;
        double[,] intensities = new double[n, n];
        for (int t = 0; t < n; t++)
        {
            for (int p = 0; p < n; p++)
            {
                // Row 0 of a ScottPlot heatmap is drawn at the top: true class 0 first, as in the table.
                intensities[t, p] = report.Confusion[t][p];
            }
        }

        var plot = new Plot();
        var heatmap = plot.Add.Heatmap(intensities);
        heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
        plot.Add.ColorBar(heatmap);
        for (int t = 0; t < n; t++)
        {
            for (int p = 0; p < n; p++)
            {
                var label = plot.Add.Text(report.Confusion[t][p].ToString(System.Globalization.CultureInfo.InvariantCulture), p, n - 1 - t);
                label.LabelFontColor = report.Confusion[t][p] > report.Confusion.Max(row => row.Max()) / 2 ? Colors.Black : Colors.White;
                label.LabelAlignment = Alignment.MiddleCenter;
                label.LabelFontSize = 11;
            }
        }

        double[] positions = Enumerable.Range(0, n).Select(i => (double)i).ToArray();
        plot.Axes.Bottom.SetTicks(positions, report.Classes.Select(c => c.Name).ToArray());
        plot.Axes.Bottom.TickLabelStyle.Rotation = 45;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleLeft;
        plot.Axes.Bottom.MinimumSize = 110;
        plot.Axes.Left.MinimumSize = 100;
        plot.Axes.Left.SetTicks(positions.Reverse().ToArray(), report.Classes.Select(c => c.Name).ToArray());
        plot.XLabel("predicted class");
        plot.YLabel("true class");
        plot.Title($"Confusion ({report.Images:N0} images, accuracy {report.MicroAccuracy:P2})");
        AtomicFile.WriteVia(path, temporary => plot.SavePng(temporary, size, size));
    }
}
