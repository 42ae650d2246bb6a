using System.Diagnostics;
using AlexNetMl.Contract.Runs;
using AlexNetMl.Pipeline.Data;
using AlexNetMl.Training.Fitting;
using AlexNetMl.Training.Models;
using AlexNetMl.Training.Planning;
using static TorchSharp.torch;

namespace AlexNetMl.Training.Exercises;

/// <summary>
/// Trains a model for a wall-clock budget rather than a number of epochs: the training rate is measured first, the
/// budget divided by it fixes the number of images, and the learning-rate schedule spans exactly those steps. Epochs
/// are the budget's slices, each ending with a validation, so the curves have points along the whole run.
/// </summary>
public sealed class BudgetedRun(FashionMnistDataset train, FashionMnistDataset test, Device device, Action<string> log)
{
    /// <summary>Trains <paramref name="config"/> for about <paramref name="budget"/>, in <paramref name="epochs"/> slices, judged on <paramref name="judged"/> test images.</summary>
    public RunResult ForBudget(string label, TrainingConfig config, TimeSpan budget, int epochs, int judged, Func<FashionModel>? createModel = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        double rate = MachineProbe.TrainingRate(config, device, MachineProbe.TimedSecondsFor(budget), createModel);
        long images = Math.Max(config.BatchSize * epochs, (long)(budget.TotalSeconds * rate));
        int perEpoch = (int)Math.Min(train.Count, images / epochs / config.BatchSize * config.BatchSize);
        int slices = (int)Math.Max(epochs, Math.Ceiling(images / (double)train.Count));
        return ForImages(label, config with { Epochs = slices, TrainLimit = perEpoch }, judged, createModel);
    }

    /// <summary>Trains <paramref name="config"/> as it is (epochs and images per epoch given), judged on <paramref name="judged"/> test images.</summary>
    public RunResult ForImages(string label, TrainingConfig config, int judged, Func<FashionModel>? createModel = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        string checkpoint = Path.Combine(Path.GetTempPath(), $"exercise-{Guid.NewGuid():N}.bin");
        bool peakReset = ProcessMemory.ResetPeak();
        try
        {
            var watch = Stopwatch.StartNew();
            using var trainer = new Trainer(config, train, test, device, createModel: createModel);
            log($"{label}: {config.Epochs} epochs of {trainer.Layout.ImagesIn(1):N0} images, batch {config.BatchSize}...");
            trainer.Run(checkpoint, CancellationToken.None);
            double seconds = watch.Elapsed.TotalSeconds;
            long? peak = peakReset ? ProcessMemory.PeakBytes() : null;
            (double loss, double accuracy) = Validation.Evaluate(trainer.Result, trainer.Spec.Contract, test.Take(judged), config.EvaluationBatchSize, device);
            LayerTotals totals = LayerSummary.Totals(LayerSummary.Compute(trainer.Model));
            double trainingSeconds = trainer.State.History.Epochs.Sum(e => e.Seconds);
            long trained = trainer.Layout.TotalImages;
            log($"{label}: test accuracy {accuracy:P2} after {trained:N0} images in {seconds:F0} s");
            return new RunResult(label, config, totals.Parameters, totals.MultiplyAdds, trained / trainingSeconds, trainingSeconds, trainer.State.History, accuracy, loss, peak);
        }
        finally
        {
            File.Delete(checkpoint);
        }
    }
}
