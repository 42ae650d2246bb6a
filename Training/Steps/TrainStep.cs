using AlexNetMl.Contract.Runs;
using AlexNetMl.Training.Checkpoints;
using AlexNetMl.Training.Fitting;
using AlexNetMl.Training.Reports;

namespace AlexNetMl.Training.Steps;

/// <summary>
/// Train: runs the trainer to the end of its schedule or until stopped, checkpointing into the run folder, and always
/// leaves history.json and curves.png of what was trained, and the run's re-plans in its manifest.
/// </summary>
public sealed class TrainStep(IJobObserver observer)
{
    /// <summary>Trains <paramref name="trainer"/> in <paramref name="run"/> until done or <paramref name="stop"/>.</summary>
    public TrainingOutcome Run(Trainer trainer, RunFolder run, CancellationToken stop)
    {
        ArgumentNullException.ThrowIfNull(trainer);
        ArgumentNullException.ThrowIfNull(run);
        try
        {
            return observer.ObserveTraining(trainer, progress =>
            {
                trainer.SetObserver(progress);
                return trainer.Run(run.File(Checkpoint.FileName), stop);
            });
        }
        finally
        {
            RunManifestFile.Update(run, manifest => manifest with { Replans = trainer.State.Replans });
            trainer.State.History.Save(run.File(RunFolder.HistoryFile));
            CurvesPlot.Save(trainer.State.History, run.File(CurvesPlot.FileName), $"{trainer.Spec.Name} on Fashion-MNIST");
        }
    }
}
