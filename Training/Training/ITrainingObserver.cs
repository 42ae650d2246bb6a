namespace AlexNetMl.Training.Training;

/// <summary>Progress of one training step, for displays.</summary>
/// <param name="Epoch">Epoch (1-based).</param>
/// <param name="Batch">Batches done in this epoch.</param>
/// <param name="Batches">Batches per epoch.</param>
/// <param name="RunningLoss">Mean training loss of this epoch so far.</param>
/// <param name="ImagesPerSecond">Training throughput of this epoch so far.</param>
/// <param name="StepsDone">Steps done in the whole run.</param>
/// <param name="TotalSteps">Steps the run will take.</param>
public readonly record struct StepProgress(int Epoch, int Batch, int Batches, double RunningLoss, double ImagesPerSecond, long StepsDone, long TotalSteps);

/// <summary>Receives training progress; the console shows it, tests ignore it.</summary>
public interface ITrainingObserver
{
    /// <summary>Called after every training step.</summary>
    void OnStep(StepProgress progress);

    /// <summary>Called after each epoch's validation.</summary>
    void OnEpoch(EpochRecord record, int epochs);

    /// <summary>Called after a checkpoint was written (at an epoch end, periodically, or when stopped).</summary>
    void OnCheckpoint(string path, double seconds)
    {
    }
}

/// <summary>An observer that ignores everything.</summary>
public sealed class SilentObserver : ITrainingObserver
{
    /// <summary>The shared instance.</summary>
    public static SilentObserver Instance { get; } = new();

    public void OnStep(StepProgress progress)
    {
    }

    public void OnEpoch(EpochRecord record, int epochs)
    {
    }
}
