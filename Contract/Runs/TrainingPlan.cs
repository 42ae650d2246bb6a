namespace AlexNetMl.Contract.Runs;

/// <summary>
/// How a run spends its time budget, fixed before training from measured rates and recorded in config.json and the
/// checkpoint, so that <c>--resume</c> replays exactly this plan.
/// </summary>
public sealed record TrainingPlan
{
    /// <summary>The whole job's budget, from process start to the written report; null for a run of fixed length (an estimate only).</summary>
    public required double? BudgetSeconds { get; init; }

    /// <summary>Seconds already gone when the plan was made (start-up, data loading, the warm-up itself).</summary>
    public required double ElapsedSeconds { get; init; }

    /// <summary>Fraction of the time left held back for what measurement cannot foresee (at planning and at every re-plan).</summary>
    public required double SafetyMargin { get; init; }

    /// <summary>The measured rates the plan divides by.</summary>
    public required MachineRates Rates { get; init; }

    /// <summary>Training images in all (<see cref="Epochs"/> × <see cref="ImagesPerEpoch"/>).</summary>
    public required long TrainingImages { get; init; }

    /// <summary>Epochs: each ends with a validation and a checkpoint.</summary>
    public required int Epochs { get; init; }

    /// <summary>Training images per epoch, a multiple of the batch size.</summary>
    public required int ImagesPerEpoch { get; init; }

    /// <summary>Planned training seconds.</summary>
    public required double TrainingSeconds { get; init; }

    /// <summary>Planned validation seconds (all epochs).</summary>
    public required double ValidationSeconds { get; init; }

    /// <summary>Planned checkpoint-writing seconds (epoch ends and periodic ones).</summary>
    public required double CheckpointSeconds { get; init; }

    /// <summary>Planned export and verification seconds.</summary>
    public required double ExportSeconds { get; init; }

    /// <summary>Images of the final evaluation.</summary>
    public required int EvaluationImages { get; init; }

    /// <summary>Planned seconds of the final evaluation.</summary>
    public required double EvaluationSeconds { get; init; }

    /// <summary>Whether the plan hit the profile's ceiling (the book's full run) rather than the budget; false for an estimate.</summary>
    public required bool Capped { get; init; }

    /// <summary>Planned seconds from process start to the written report.</summary>
    public double TotalSeconds => ElapsedSeconds + TrainingSeconds + ValidationSeconds + CheckpointSeconds + ExportSeconds + EvaluationSeconds;
}
