using AlexNetMl.Contract.Runs;
using AlexNetMl.Pipeline.Data;

namespace AlexNetMl.Bench.Recipes;

/// <summary>Trains one recipe with one seed and judges it: the unit of work of a <see cref="RecipeStudy"/>.</summary>
public interface IRecipeTrainer
{
    /// <summary>Trains <paramref name="config"/> and measures its accuracy on <paramref name="judged"/>.</summary>
    /// <returns>The accuracy, the last epoch's mean training loss, and the training's wall-clock seconds.</returns>
    (double Accuracy, double TrainLoss, double Seconds) TrainAndJudge(TrainingConfig config, FashionMnistDataset judged);
}
