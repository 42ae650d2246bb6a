namespace AlexNetMl.Training.Fitting;

/// <summary>How a call to <see cref="Trainer.Run"/> ended.</summary>
public enum TrainingOutcome
{
    /// <summary>All epochs done.</summary>
    Completed,

    /// <summary>Stopped on request after a batch; a checkpoint was saved.</summary>
    Interrupted,
}
