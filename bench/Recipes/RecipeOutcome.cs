namespace AlexNetMl.Bench.Recipes;

/// <summary>What one training of a recipe with one seed reached.</summary>
/// <param name="Accuracy">Accuracy on the judged test images; 0 when the training diverged.</param>
/// <param name="TrainLoss">Mean training loss of the last epoch; 0 when the training diverged.</param>
/// <param name="Seconds">Training seconds, wall-clock (up to the divergence, when it diverged).</param>
/// <param name="Diverged">Whether the loss became NaN or infinite, so there are no weights to judge.</param>
public sealed record RecipeOutcome(double Accuracy, double TrainLoss, double Seconds, bool Diverged = false)
{
    /// <summary>A training that diverged after <paramref name="seconds"/>.</summary>
    public static RecipeOutcome DivergedAfter(double seconds) => new(0, 0, seconds, Diverged: true);
}
