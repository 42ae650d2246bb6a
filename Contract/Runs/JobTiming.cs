namespace AlexNetMl.Contract.Runs;

/// <summary>A job's time, from process start to the written report, against its budget.</summary>
/// <param name="Started">Process start.</param>
/// <param name="Finished">When the last step finished.</param>
/// <param name="Seconds">Seconds between the two.</param>
/// <param name="BudgetSeconds">The time budget; null for a run of fixed length.</param>
/// <param name="PlannedSeconds">What the plan expected; null without a plan.</param>
public sealed record JobTiming(DateTimeOffset Started, DateTimeOffset Finished, double Seconds, double? BudgetSeconds, double? PlannedSeconds)
{
    /// <summary><see cref="Seconds"/> over <see cref="BudgetSeconds"/>; null without a budget.</summary>
    public double? RatioToBudget => BudgetSeconds is { } budget ? Seconds / budget : null;
}
