using System.Diagnostics;
using AlexNetMl.Training.Fitting;

namespace AlexNetMl.Bench;

/// <summary>Records each training step's wall-clock seconds (checkpoint writes excluded) and the running loss after it.</summary>
public sealed class StepRecorder : ITrainingObserver
{
    private readonly Stopwatch _watch = Stopwatch.StartNew();

    /// <summary>Seconds of each step, in order.</summary>
    public List<double> StepSeconds { get; } = [];

    /// <summary>The epoch's running mean loss after each step, in order.</summary>
    public List<double> Losses { get; } = [];

    public void OnStep(StepProgress progress)
    {
        StepSeconds.Add(_watch.Elapsed.TotalSeconds);
        Losses.Add(progress.RunningLoss);
        _watch.Restart();
    }

    public void OnEpoch(EpochRecord record, int epochs)
    {
    }

    public void OnCheckpoint(string path, double seconds) => _watch.Restart();
}
