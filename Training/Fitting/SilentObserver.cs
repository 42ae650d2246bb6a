namespace AlexNetMl.Training.Fitting;

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
