using AlexNetMl.Contract.Runs;
using AlexNetMl.Training.Fitting;

namespace AlexNetMl.Training.Exercises;

/// <summary>What a budgeted training run reached.</summary>
/// <param name="Label">How the run is named in tables and plots.</param>
/// <param name="Config">The settings trained (length fixed from the budget).</param>
/// <param name="Parameters">The model's parameter count.</param>
/// <param name="MultiplyAdds">Its multiply-adds per image (forward).</param>
/// <param name="ImagesPerSecond">Measured training throughput over the run.</param>
/// <param name="TrainingSeconds">Seconds spent training.</param>
/// <param name="History">Per-epoch losses and validation accuracy.</param>
/// <param name="TestAccuracy">Accuracy on the judged test images at the end.</param>
/// <param name="TestLoss">Cross-entropy on them.</param>
/// <param name="PeakResidentBytes">Peak RSS during the run, where the OS tells it.</param>
public sealed record RunResult(
    string Label,
    TrainingConfig Config,
    long Parameters,
    long MultiplyAdds,
    double ImagesPerSecond,
    double TrainingSeconds,
    TrainingHistory History,
    double TestAccuracy,
    double TestLoss,
    long? PeakResidentBytes)
{
    /// <summary>Training seconds until validation accuracy first reached <paramref name="target"/>, or null if it never did.</summary>
    public double? SecondsTo(double target)
    {
        double elapsed = 0;
        foreach (EpochRecord epoch in History.Epochs)
        {
            elapsed += epoch.Seconds;
            if (epoch.ValidationAccuracy >= target)
            {
                return elapsed;
            }
        }

        return null;
    }
}
