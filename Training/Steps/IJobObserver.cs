using AlexNetMl.Pipeline.Evaluation;
using AlexNetMl.Training.Fitting;

namespace AlexNetMl.Training.Steps;

/// <summary>
/// What the main job's steps tell whoever runs them. The steps compute every line; an observer only shows it (the
/// console), collects it (tests) or drops it (bench). No step writes to the console itself.
/// </summary>
public interface IJobObserver
{
    /// <summary>A line of progress or a result.</summary>
    void Report(string line);

    /// <summary>Something the user should know that did not stop the job (a skipped file, a budget not applied).</summary>
    void Note(string line);

    /// <summary>Runs <paramref name="training"/>, showing its progress live through the training observer it is given.</summary>
    TrainingOutcome ObserveTraining(Trainer trainer, Func<ITrainingObserver, TrainingOutcome> training);

    /// <summary>An evaluation's full report, for a table.</summary>
    void Evaluated(EvaluationReport report);
}
