namespace AlexNetMl.Training.Checkpoints;

/// <summary>How often to write a checkpoint besides epoch ends, and the clock that measures it.</summary>
/// <param name="Every">Interval between periodic checkpoints; <see cref="TimeSpan.Zero"/> for epoch ends only.</param>
/// <param name="Clock">The time source (tests inject their own).</param>
public sealed record CheckpointSchedule(TimeSpan Every, TimeProvider Clock)
{
    /// <summary>Checkpoints at epoch ends only.</summary>
    public static CheckpointSchedule EpochEndsOnly { get; } = new(TimeSpan.Zero, TimeProvider.System);
}
