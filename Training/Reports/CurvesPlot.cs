using AlexNetMl.Contract.IO;
using AlexNetMl.Training.Fitting;
using ScottPlot;

namespace AlexNetMl.Training.Reports;

/// <summary>Draws the book's training plot: train loss (twice an epoch), validation loss and accuracy against epoch.</summary>
public static class CurvesPlot
{
    /// <summary>The file name in a run folder.</summary>
    public const string FileName = "curves.png";

    /// <summary>Writes the plot as a PNG to <paramref name="path"/>.</summary>
    public static void Save(TrainingHistory history, string path, string title, int width = 640, int height = 420)
    {
        ArgumentNullException.ThrowIfNull(history);
        var plot = new Plot();
        if (history.TrainLossPoints.Count > 0)
        {
            var train = plot.Add.Scatter(history.TrainLossPoints.Select(p => p.Epoch).ToArray(), history.TrainLossPoints.Select(p => p.TrainLoss).ToArray());
            train.LegendText = "train loss";
            train.LineStyle.Pattern = LinePattern.Solid;
        }

        if (history.Epochs.Count > 0)
        {
            double[] epochs = history.Epochs.Select(e => (double)e.Epoch).ToArray();
            var validationLoss = plot.Add.Scatter(epochs, history.Epochs.Select(e => e.ValidationLoss).ToArray());
            validationLoss.LegendText = "val loss";
            validationLoss.LinePattern = LinePattern.Dashed;
            var accuracy = plot.Add.Scatter(epochs, history.Epochs.Select(e => e.ValidationAccuracy).ToArray());
            accuracy.LegendText = "val acc";
            accuracy.LinePattern = LinePattern.Dotted;
        }

        plot.XLabel("epoch");
        plot.Title(title);
        plot.ShowLegend(Alignment.UpperRight);
        AtomicFile.WriteVia(path, temporary => plot.SavePng(temporary, width, height));
    }
}
