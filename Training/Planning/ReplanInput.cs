using AlexNetMl.Contract.Runs;
using AlexNetMl.Training.Fitting;

namespace AlexNetMl.Training.Planning;

/// <summary>Where a budgeted run stands when the re-planner looks at it.</summary>
/// <param name="Plan">The plan the run started with: its budget, margin, and the measured costs of everything but training.</param>
/// <param name="Layout">The run's epochs as they stand (after earlier re-plans).</param>
/// <param name="Epoch">Epoch being trained (1-based).</param>
/// <param name="BatchesDone">Batches of <paramref name="Epoch"/> trained.</param>
/// <param name="StepsDone">Steps of the whole run trained.</param>
/// <param name="JobSeconds">Seconds of the job gone.</param>
/// <param name="MeasuredImagesPerSecond">Training images/s over the last interval.</param>
/// <param name="IntervalSeconds">Length of that interval.</param>
/// <param name="PlannedImagesPerSecond">The rate the run's present length was planned with.</param>
/// <param name="CheckpointEverySeconds">Periodic checkpoint interval (0 for epoch ends only).</param>
public sealed record ReplanInput(
    TrainingPlan Plan,
    EpochLayout Layout,
    int Epoch,
    int BatchesDone,
    long StepsDone,
    double JobSeconds,
    double MeasuredImagesPerSecond,
    double IntervalSeconds,
    double PlannedImagesPerSecond,
    double CheckpointEverySeconds);
