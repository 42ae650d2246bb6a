using System.Globalization;
using AlexNetMl.Contract.Runs;

namespace AlexNetMl.Bench.Recipes;

/// <summary>One recipe tried with every seed of the study, and what it reached.</summary>
/// <param name="Step">Which question of the search it answers.</param>
/// <param name="Change">What differs from the recipe it was compared with.</param>
/// <param name="Config">The settings trained (with the first seed).</param>
/// <param name="Accuracies">Accuracy on the judged test images after the fixed number of training images, one per seed.</param>
/// <param name="TrainLoss">Mean training loss of the last epoch, averaged over the seeds.</param>
/// <param name="Seconds">Training seconds, summed over the seeds.</param>
/// <param name="Kept">Whether the search kept the change.</param>
/// <param name="Diverged">Per seed, whether its training diverged (its accuracy is then 0); none when null.</param>
public sealed record RecipeResult(string Step, string Change, TrainingConfig Config, IReadOnlyList<double> Accuracies, double TrainLoss, double Seconds, bool Kept, IReadOnlyList<bool>? Diverged = null)
{
    /// <summary>Whether any seed's training diverged: such a recipe is never kept, however the others did.</summary>
    public bool AnyDiverged => Diverged?.Any(d => d) == true;

    /// <summary>Mean accuracy over the seeds: what the search compares.</summary>
    public double Mean => Accuracies.Average();

    /// <summary>Highest minus lowest accuracy over the seeds: how far chance alone moved this recipe.</summary>
    public double Spread => Accuracies.Max() - Accuracies.Min();

    /// <summary>
    /// Whether this recipe beats <paramref name="best"/>: its mean is higher by more than the larger of the two seed
    /// spreads, so a gain that one seed's luck could explain does not count.
    /// </summary>
    public bool Beats(RecipeResult best)
    {
        ArgumentNullException.ThrowIfNull(best);
        return !AnyDiverged && Mean - best.Mean > Math.Max(Spread, best.Spread);
    }

    /// <summary>Each seed's accuracy as the report prints it, or "diverged".</summary>
    public IEnumerable<string> SeedCells() => Accuracies.Select((a, i) => AccuracyCell(a, Diverged?[i] == true));

    /// <summary>One training's accuracy as the study prints it, or "diverged".</summary>
    public static string AccuracyCell(double accuracy, bool diverged) => diverged ? "diverged" : Percent(accuracy);

    /// <summary>The mean as the report prints it, or a dash when a seed diverged and there is no mean to give.</summary>
    public string MeanCell() => UnlessDiverged(() => Percent(Mean));

    /// <summary>The seed spread as the report prints it, or a dash when a seed diverged.</summary>
    public string SpreadCell() => UnlessDiverged(() => string.Create(CultureInfo.InvariantCulture, $"{Spread * 100:F2} points"));

    /// <summary>The last epoch's training loss as the report prints it, or a dash when a seed diverged.</summary>
    public string TrainLossCell() => UnlessDiverged(() => TrainLoss.ToString("F4", CultureInfo.InvariantCulture));

    // A diverged seed has no accuracy or loss, so no figure summarising the seeds means anything.
    private string UnlessDiverged(Func<string> cell) => AnyDiverged ? "—" : cell();

    private static string Percent(double fraction) => fraction.ToString("P2", CultureInfo.InvariantCulture);
}
