namespace AlexNetMl.Training.Planning;

/// <summary>A rate measured in several rounds: the median round, and how far the rounds differed.</summary>
/// <param name="PerSecond">The median round's rate (one slow round, a neighbour's hiccup, does not move it).</param>
/// <param name="Spread">(fastest − slowest) / median: the noise of this machine over the warm-up.</param>
public readonly record struct MeasuredRate(double PerSecond, double Spread)
{
    /// <summary>The rate of rounds that measured <paramref name="roundRates"/>.</summary>
    public static MeasuredRate Of(IReadOnlyList<double> roundRates)
    {
        ArgumentNullException.ThrowIfNull(roundRates);
        ArgumentOutOfRangeException.ThrowIfZero(roundRates.Count);
        double[] sorted = [.. roundRates.Order()];
        int middle = sorted.Length / 2;
        double median = sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
        return new MeasuredRate(median, (sorted[^1] - sorted[0]) / median);
    }
}
