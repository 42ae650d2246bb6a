namespace AlexNetMl.Training.Training;

/// <summary>How a call to <see cref="Trainer.Run"/> ended.</summary>
public enum TrainingOutcome
{
    /// <summary>All epochs done.</summary>
    Completed,

    /// <summary>Stopped on request after a batch; a checkpoint was saved.</summary>
    Interrupted,
}

/// <summary>The loss became NaN or infinite; the last good checkpoint is left as it was.</summary>
public sealed class DivergedException : Exception
{
    public DivergedException()
    {
    }

    public DivergedException(string message)
        : base(message)
    {
    }

    public DivergedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
