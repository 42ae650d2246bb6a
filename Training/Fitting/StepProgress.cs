namespace AlexNetMl.Training.Fitting;

/// <summary>Progress of one training step, for displays.</summary>
/// <param name="Epoch">Epoch (1-based).</param>
/// <param name="Batch">Batches done in this epoch.</param>
/// <param name="Batches">Batches per epoch.</param>
/// <param name="RunningLoss">Mean training loss of this epoch so far.</param>
/// <param name="ImagesPerSecond">Training throughput of this epoch so far.</param>
/// <param name="StepsDone">Steps done in the whole run.</param>
/// <param name="TotalSteps">Steps the run will take.</param>
/// <param name="Epochs">Epochs the run will take.</param>
public readonly record struct StepProgress(int Epoch, int Batch, int Batches, double RunningLoss, double ImagesPerSecond, long StepsDone, long TotalSteps, int Epochs);
