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

    /// <summary>
    /// Runs timed rounds until at least <paramref name="minimumRounds"/> have run and together they took at least
    /// <paramref name="minimumSeconds"/>, then takes the rate of them all (<see cref="Of"/>). A round returns how many
    /// units it processed and in how many seconds.
    /// </summary>
    public static MeasuredRate OfRounds(Func<(double Units, double Seconds)> round, int minimumRounds, double minimumSeconds)
    {
        ArgumentNullException.ThrowIfNull(round);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(minimumRounds);
        ArgumentOutOfRangeException.ThrowIfNegative(minimumSeconds);
        var rates = new List<double>();
        double timed = 0;
        while (rates.Count < minimumRounds || timed < minimumSeconds)
        {
            (double units, double seconds) = round();
            if (!(seconds > 0))
            {
                throw new ArgumentException($"A timed round took {seconds} s; a round must take some time.", nameof(round));
            }

            rates.Add(units / seconds);
            timed += seconds;
        }

        return Of(rates);
    }
}
