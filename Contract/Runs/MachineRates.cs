namespace AlexNetMl.Contract.Runs;

/// <summary>What the warm-up measured on this machine: the rates the planner divides the budget by.</summary>
/// <param name="TrainImagesPerSecond">Training steps (forward, backward, SGD step), in the run's precision and batch size.</param>
/// <param name="ValidationImagesPerSecond">Validation forward passes without gradients.</param>
/// <param name="EvaluationImagesPerSecond">The final ML.NET evaluation (the scoring chain, one row at a time).</param>
/// <param name="ExportSeconds">Export and verification of the model (fp32 and int8).</param>
/// <param name="CheckpointSeconds">Writing one checkpoint.</param>
/// <param name="Description">How the machine ran, e.g. "fp32, AVX2".</param>
/// <param name="RateSpread">
/// How far the warm-up's repeated measurements of the training and evaluation rates differed, as a fraction of the rate
/// (the largest of (max − min) / median over its rounds): the noise the plan's margin allows for.
/// </param>
public sealed record MachineRates(
    double TrainImagesPerSecond,
    double ValidationImagesPerSecond,
    double EvaluationImagesPerSecond,
    double ExportSeconds,
    double CheckpointSeconds,
    string Description,
    double RateSpread = 0)
{
    /// <summary>Throws <see cref="ArgumentException"/> unless every rate is positive and every duration and the spread non-negative.</summary>
    public void Validate()
    {
        if (!(TrainImagesPerSecond > 0 && ValidationImagesPerSecond > 0 && EvaluationImagesPerSecond > 0) || !(ExportSeconds >= 0 && CheckpointSeconds >= 0 && RateSpread >= 0)
            || !double.IsFinite(TrainImagesPerSecond + ValidationImagesPerSecond + EvaluationImagesPerSecond + ExportSeconds + CheckpointSeconds + RateSpread))
        {
            throw new ArgumentException($"Measured rates must be positive and finite: {this}.");
        }
    }
}
