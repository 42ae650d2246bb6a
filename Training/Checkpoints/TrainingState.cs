using AlexNetMl.Contract.Runs;
using AlexNetMl.Training.Fitting;

namespace AlexNetMl.Training.Checkpoints;

/// <summary>Where a run stands: what a checkpoint holds besides the tensors.</summary>
public sealed record TrainingState
{
    /// <summary>Epoch being trained (1-based).</summary>
    public int Epoch { get; init; } = 1;

    /// <summary>Batches of <see cref="Epoch"/> already done; equal to the epoch's batch count when it is complete.</summary>
    public int BatchesDone { get; init; }

    /// <summary>Sum of the training losses of the batches done in the current epoch.</summary>
    public double EpochLossSum { get; init; }

    /// <summary>Images seen in the current epoch.</summary>
    public long EpochImages { get; init; }

    /// <summary>Seconds spent training in the current epoch before this checkpoint.</summary>
    public double EpochSeconds { get; init; }

    /// <summary>Seconds of the job gone when this state was saved (a resumed budgeted run plans the rest of its budget from it).</summary>
    public double JobSeconds { get; init; }

    /// <summary>The re-planner's decisions so far, in order; <c>--resume</c> replays them.</summary>
    public IReadOnlyList<Replan> Replans { get; init; } = [];

    /// <summary>The run's settings.</summary>
    public required TrainingConfig Config { get; init; }

    /// <summary>Per-epoch figures so far.</summary>
    public required TrainingHistory History { get; init; }
}
