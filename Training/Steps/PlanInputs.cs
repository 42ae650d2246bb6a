using AlexNetMl.Contract.Runs;
using AlexNetMl.Pipeline.Data;
using static TorchSharp.torch;

namespace AlexNetMl.Training.Steps;

/// <summary>What the plan step plans from.</summary>
/// <param name="Config">The run's settings before planning.</param>
/// <param name="Budget">The whole job's time budget; null for a run of fixed length.</param>
/// <param name="LengthGiven">Whether --epochs or --train-limit fixed the length (the budget is then not applied).</param>
/// <param name="EvaluationImages">Images the final evaluation will score (0 without one).</param>
/// <param name="CheckpointEvery">The periodic checkpoint interval.</param>
/// <param name="JobStart">When the job started: the budget counts from here.</param>
/// <param name="Device">Where training runs.</param>
/// <param name="Train">The training images.</param>
/// <param name="Test">The test images.</param>
public sealed record PlanInputs(
    TrainingConfig Config,
    TimeSpan? Budget,
    bool LengthGiven,
    int EvaluationImages,
    TimeSpan CheckpointEvery,
    DateTime JobStart,
    Device Device,
    FashionMnistDataset Train,
    FashionMnistDataset Test);
