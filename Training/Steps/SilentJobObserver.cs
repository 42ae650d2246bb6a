using AlexNetMl.Pipeline.Evaluation;
using AlexNetMl.Training.Fitting;

namespace AlexNetMl.Training.Steps;

/// <summary>An observer that keeps the lines it is told (for tests and bench) and shows nothing.</summary>
public sealed class SilentJobObserver : IJobObserver
{
    private readonly List<string> _lines = [];

    /// <summary>Every report and note so far, notes prefixed with "note: ".</summary>
    public IReadOnlyList<string> Lines => _lines;

    /// <inheritdoc/>
    public void Report(string line) => _lines.Add(line);

    /// <inheritdoc/>
    public void Note(string line) => _lines.Add($"note: {line}");

    /// <inheritdoc/>
    public TrainingOutcome ObserveTraining(Trainer trainer, Func<ITrainingObserver, TrainingOutcome> training)
    {
        ArgumentNullException.ThrowIfNull(training);
        return training(SilentObserver.Instance);
    }

    /// <inheritdoc/>
    public void Evaluated(EvaluationReport report)
    {
    }
}
