namespace AlexNetMl.Contract.Runs;

/// <summary>The headline figures of a run's evaluation; the full report is metrics.json.</summary>
/// <param name="Images">Test images evaluated.</param>
/// <param name="MicroAccuracy">Fraction classified correctly.</param>
/// <param name="MacroAccuracy">Mean of the per-class accuracies.</param>
/// <param name="LogLoss">Mean negative log-probability of the true class.</param>
/// <param name="TopKAccuracy">Fraction whose true class is among the top k.</param>
/// <param name="Weights">Which weights scored: fp32 or int8.</param>
/// <param name="Device">Where scoring ran.</param>
/// <param name="Seconds">Seconds of scoring and evaluation.</param>
public sealed record RunMetrics(long Images, double MicroAccuracy, double MacroAccuracy, double LogLoss, double TopKAccuracy, string Weights, string Device, double Seconds);
