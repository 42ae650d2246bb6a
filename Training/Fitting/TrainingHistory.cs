using System.Text.Json;
using AlexNetMl.Contract.IO;
using AlexNetMl.Contract.Runs;

namespace AlexNetMl.Training.Fitting;

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
