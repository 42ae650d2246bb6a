using AlexNetMl.Contract.Runs;

namespace AlexNetMl.Bench.Recipes;

/// <summary>One recipe tried, and what it reached.</summary>
/// <param name="Step">Which question of the search it answers.</param>
/// <param name="Change">What differs from the recipe it was compared with.</param>
/// <param name="Config">The settings trained.</param>
/// <param name="TestAccuracy">Accuracy on the test images after the fixed number of training images.</param>
/// <param name="TrainLoss">Mean training loss of the last epoch.</param>
/// <param name="Seconds">Training seconds.</param>
/// <param name="Kept">Whether the search kept the change.</param>
public sealed record RecipeResult(string Step, string Change, TrainingConfig Config, double TestAccuracy, double TrainLoss, double Seconds, bool Kept);
