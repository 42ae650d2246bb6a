using AlexNetMl.Contract.IO;
using System.Text.Json;

namespace AlexNetMl.Training.Training;

/// <summary>Figures of one finished epoch.</summary>
public sealed record EpochRecord(int Epoch, double TrainLoss, double ValidationLoss, double ValidationAccuracy, double Seconds, double ImagesPerSecond);

/// <summary>A training-loss reading at a fractional epoch (the book plots it twice an epoch).</summary>
public sealed record LossPoint(double Epoch, double TrainLoss);

/// <summary>What history.json holds.</summary>
public sealed record TrainingHistory
{
    /// <summary>One record per finished epoch.</summary>
    public List<EpochRecord> Epochs { get; init; } = [];

    /// <summary>Running training loss at each half epoch.</summary>
    public List<LossPoint> TrainLossPoints { get; init; } = [];

    /// <summary>Writes history.json atomically.</summary>
    public void Save(string path) => AtomicFile.WriteAllText(path, JsonSerializer.Serialize(this, TrainingConfig.JsonOptions));
}
