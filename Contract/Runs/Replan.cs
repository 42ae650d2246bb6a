namespace AlexNetMl.Contract.Runs;

/// <summary>
/// One decision of the re-planner during a budgeted run: the rate it measured, the run's length before and after, and
/// the epochs that length is cut into. Kept in the checkpoint (so <c>--resume</c> replays it) and the run manifest.
/// </summary>
public sealed record Replan
{
    /// <summary>Training steps done when the decision was made; the learning-rate schedule is re-fitted from this step.</summary>
    public required long AtStep { get; init; }

    /// <summary>Epoch being trained (1-based).</summary>
    public required int Epoch { get; init; }

    /// <summary>Seconds of the job gone, from its start to the decision.</summary>
    public required double JobSeconds { get; init; }

    /// <summary>Training images/s measured since the previous decision (or the start of training).</summary>
    public required double MeasuredImagesPerSecond { get; init; }

    /// <summary>Training images of the run before the decision.</summary>
    public required long OldImages { get; init; }

    /// <summary>Training images of the run after the decision.</summary>
    public required long NewImages { get; init; }

    /// <summary>Images of every epoch after the decision (earlier epochs as trained).</summary>
    public required IReadOnlyList<int> ImagesPerEpoch { get; init; }

    /// <summary>Why, in words: the measured rate against the one planned with, and any limit that applied.</summary>
    public required string Reason { get; init; }
}
