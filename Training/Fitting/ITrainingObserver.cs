using AlexNetMl.Contract.Runs;

namespace AlexNetMl.Training.Fitting;

/// <summary>Receives training progress; the console shows it, tests ignore it.</summary>
public interface ITrainingObserver
{
    /// <summary>Called after every training step.</summary>
    void OnStep(StepProgress progress);

    /// <summary>Called after each epoch's validation.</summary>
    void OnEpoch(EpochRecord record, int epochs);

    /// <summary>Called after a checkpoint was written (at an epoch end, periodically, or when stopped).</summary>
    void OnCheckpoint(string path, double seconds)
    {
    }

    /// <summary>Called when a budgeted run's length changed to follow the measured rate.</summary>
    void OnReplan(Replan replan)
    {
    }
}
