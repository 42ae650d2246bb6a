namespace AlexNetMl.Bench.Recipes;

/// <summary>One finished training of the recipe study: one recipe with one seed, judged on the test images.</summary>
/// <param name="Key">What identifies it (<see cref="RecipeJournal.KeyOf"/>): settings, seed, judged images and the ISA that ran it.</param>
/// <param name="Accuracy">Accuracy on the judged test images.</param>
/// <param name="TrainLoss">Mean training loss of the last epoch.</param>
/// <param name="Seconds">Training seconds, wall-clock.</param>
/// <param name="Finished">When it finished (UTC).</param>
/// <param name="Diverged">Whether its loss became NaN or infinite (accuracy and loss are then 0).</param>
public sealed record RecipeTraining(string Key, double Accuracy, double TrainLoss, double Seconds, DateTime Finished, bool Diverged = false);
