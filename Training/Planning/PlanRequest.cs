namespace AlexNetMl.Training.Planning;

/// <summary>What the planner plans for, besides the measured rates.</summary>
/// <param name="BudgetSeconds">The whole job's budget.</param>
/// <param name="ElapsedSeconds">Seconds gone since process start.</param>
/// <param name="DatasetSize">Training images available (one pass).</param>
/// <param name="BatchSize">Images per step.</param>
/// <param name="MinEpochs">Epochs to split a run shorter than that many passes into (each ends with validation and a checkpoint).</param>
/// <param name="MaxImages">The profile's ceiling on training images (the book's full run).</param>
/// <param name="ValidationImages">Images validated at each epoch end.</param>
/// <param name="EvaluationImages">Images of the final evaluation (0 without one).</param>
/// <param name="CheckpointEverySeconds">Seconds between periodic checkpoints (0: only at epoch ends).</param>
public sealed record PlanRequest(
    double BudgetSeconds,
    double ElapsedSeconds,
    int DatasetSize,
    int BatchSize,
    int MinEpochs,
    long MaxImages,
    int ValidationImages,
    int EvaluationImages,
    double CheckpointEverySeconds);
