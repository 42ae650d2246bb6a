using AlexNetMl.Contract.Runs;
using AlexNetMl.Pipeline.Data;

namespace AlexNetMl.Bench.Recipes;

/// <summary>Trains one recipe with one seed and judges it: the unit of work of a <see cref="RecipeStudy"/>.</summary>
public interface IRecipeTrainer
{
    /// <summary>Trains <paramref name="config"/> and measures its accuracy on <paramref name="judged"/>.</summary>
    /// <returns>What it reached, or that it diverged: a recipe that diverges is a finding of the study, not its failure.</returns>
    RecipeOutcome TrainAndJudge(TrainingConfig config, FashionMnistDataset judged);
}
