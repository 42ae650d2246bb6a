using System.Diagnostics;
using AlexNetMl.Contract.Runs;
using AlexNetMl.Pipeline.Data;
using AlexNetMl.Training.Fitting;
using static TorchSharp.torch;

namespace AlexNetMl.Bench.Recipes;

/// <summary>Trains a recipe as the main job would (<see cref="Trainer"/>), then judges the trained weights on the test images.</summary>
/// <param name="train">The training images.</param>
/// <param name="test">The test images the trainer's validation draws from.</param>
/// <param name="device">Where to train.</param>
public sealed class RecipeTrainer(FashionMnistDataset train, FashionMnistDataset test, Device device) : IRecipeTrainer
{
    /// <inheritdoc/>
    public RecipeOutcome TrainAndJudge(TrainingConfig config, FashionMnistDataset judged)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(judged);
        string checkpoint = Path.Combine(Path.GetTempPath(), $"recipe-{Guid.NewGuid():N}.bin");
        var watch = Stopwatch.StartNew();
        try
        {
            using var trainer = new Trainer(config, train, test, device);
            trainer.Run(checkpoint, CancellationToken.None);
            double seconds = watch.Elapsed.TotalSeconds;
            (double _, double accuracy) = Validation.Evaluate(trainer.Result, trainer.Spec.Contract, judged, config.EvaluationBatchSize, device);
            return new RecipeOutcome(accuracy, trainer.State.History.Epochs[^1].TrainLoss, seconds);
        }
        catch (DivergedException)
        {
            return RecipeOutcome.DivergedAfter(watch.Elapsed.TotalSeconds);
        }
        finally
        {
            File.Delete(checkpoint);
        }
    }
}
