using System.Diagnostics;
using System.Globalization;
using System.Text;
using AlexNetMl.Contract.Model;
using AlexNetMl.Contract.Runs;
using AlexNetMl.Contract.Settings;
using AlexNetMl.Pipeline.Data;
using AlexNetMl.Training.Fitting;
using static TorchSharp.torch;

namespace AlexNetMl.Bench.Recipes;

/// <summary>
/// Finds the recipe that learns the most per image for the book's AlexNet on 224×224 inputs: a greedy search, one
/// question at a time (batch size, peak learning rate, Nesterov, warm-up, label smoothing), each candidate
/// trained on the same number of images from the same seed and judged on the same test images. A change is kept only
/// when it beats the best so far by more than <see cref="Threshold"/>, so noise does not steer the search.
/// </summary>
public sealed class RecipeStudy(FashionMnistDataset train, FashionMnistDataset test, Device device, Action<string> log)
{
    /// <summary>Accuracy gain a change must bring to be kept (one test set's run-to-run noise at these sizes is a few tenths of a point).</summary>
    public const double Threshold = 0.003;

    /// <summary>The questions, in order: each lists its candidates as changes to the best recipe so far.</summary>
    public static IReadOnlyList<(string Step, IReadOnlyList<(string Change, Func<TrainingConfig, TrainingConfig> Apply)> Candidates)> Questions { get; } =
    [
        ("batch size", [("batch 32", c => c with { BatchSize = 32 }), ("batch 128", c => c with { BatchSize = 128 })]),
        ("peak learning rate", [("lr × 4", c => c with { LearningRate = c.LearningRate * 4 }), ("lr × 2", c => c with { LearningRate = c.LearningRate * 2 })]),
        ("Nesterov momentum", [("Nesterov", c => c with { Nesterov = true })]),
        ("warm-up", [("warm-up 5 %", c => c with { WarmupFraction = 0.05 })]),
        ("label smoothing", [("label smoothing 0.1", c => c with { LabelSmoothing = 0.1 })]),
    ];

    /// <summary>Runs the search from <paramref name="start"/> with <paramref name="images"/> training images per candidate.</summary>
    public IReadOnlyList<RecipeResult> Run(TrainingConfig start, int images, int testImages)
    {
        ArgumentNullException.ThrowIfNull(start);
        FashionMnistDataset judged = test.Take(testImages);
        var results = new List<RecipeResult>();
        TrainingConfig best = Fix(start, images);
        RecipeResult baseline = Train("start", "the cpu profile as it was", best, judged) with { Kept = true };
        results.Add(baseline);
        double bestAccuracy = baseline.TestAccuracy;
        foreach ((string step, IReadOnlyList<(string Change, Func<TrainingConfig, TrainingConfig> Apply)> candidates) in Questions)
        {
            TrainingConfig winner = best;
            double winnerAccuracy = bestAccuracy;
            var tried = new List<RecipeResult>();
            foreach ((string change, Func<TrainingConfig, TrainingConfig> apply) in candidates)
            {
                RecipeResult result = Train(step, change, Fix(apply(best), images), judged);
                tried.Add(result);
                if (result.TestAccuracy > winnerAccuracy + Threshold)
                {
                    (winner, winnerAccuracy) = (result.Config, result.TestAccuracy);
                }
            }

            results.AddRange(tried.Select(r => r with { Kept = ReferenceEquals(r.Config, winner) }));
            (best, bestAccuracy) = (winner, winnerAccuracy);
        }

        return results;
    }

    /// <summary>The markdown table of a finished search, with the recipe it chose.</summary>
    public static string ToMarkdown(IReadOnlyList<RecipeResult> results, int images, int testImages, string machine, DateTime date)
    {
        ArgumentNullException.ThrowIfNull(results);
        var text = new StringBuilder();
        text.AppendLine("# Training recipe: what learns the most per image").AppendLine();
        text.AppendLine($"Written by `dotnet run -c Release --project bench -- --recipes` on {date.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC, on {machine}.").AppendLine();
        text.AppendLine($"Every row trained the book's AlexNet (224×224 inputs) from the same seed on the same **{images:N0} training images** " +
                        $"(about what the 20-minute plan affords on a 2-core AVX2 CPU), then was judged on the first {testImages:N0} test images. " +
                        $"The search asks one question at a time and keeps a change only if it beats the best recipe so far by more than {Threshold * 100:F1} points; " +
                        "each row's change is relative to the best recipe at that point. Accuracy is what decides; the training seconds are " +
                        "wall-clock and only indicative, as the study does not need an idle machine.").AppendLine();
        text.AppendLine("| question | change | test accuracy | last-epoch train loss | training s | kept |").AppendLine("|---|---|---:|---:|---:|---|");
        foreach (RecipeResult r in results)
        {
            text.AppendLine($"| {r.Step} | {r.Change} | {r.TestAccuracy:P2} | {r.TrainLoss:F4} | {r.Seconds:F0} | {(r.Kept ? "yes" : "no")} |");
        }

        // Kept rows are in search order, so the last one kept is the recipe the search ended with.
        TrainingConfig chosen = results.Last(r => r.Kept).Config;

        text.AppendLine().AppendLine($"**Chosen:** batch {chosen.BatchSize}, peak lr {chosen.LearningRate}, momentum {chosen.Momentum}{(chosen.Nesterov ? " (Nesterov)" : string.Empty)}, " +
                                     $"{SettingNames.Of(chosen.LrSchedule)} schedule with {chosen.WarmupFraction:P0} warm-up, label smoothing {chosen.LabelSmoothing}, weight decay {chosen.WeightDecay}. " +
                                     "The cpu profile (Training/Planning/TrainingProfiles.cs) uses it.");
        return text.ToString();
    }

    private static TrainingConfig Fix(TrainingConfig config, int images) =>
        config with { Model = ModelKind.AlexNet, Epochs = 5, TrainLimit = images / 5, ValidationLimit = 1, Plan = null };

    private RecipeResult Train(string step, string change, TrainingConfig config, FashionMnistDataset judged)
    {
        string checkpoint = Path.Combine(Path.GetTempPath(), $"recipe-{Guid.NewGuid():N}.bin");
        try
        {
            var watch = Stopwatch.StartNew();
            using var trainer = new Trainer(config, train, test, device);
            trainer.Run(checkpoint, CancellationToken.None);
            double seconds = watch.Elapsed.TotalSeconds;
            (double _, double accuracy) = Validation.Evaluate(trainer.Model, trainer.Spec.Contract, judged, config.EvaluationBatchSize, device);
            var result = new RecipeResult(step, change, config, accuracy, trainer.State.History.Epochs[^1].TrainLoss, seconds, Kept: false);
            log($"recipe {step} / {change}: {accuracy:P2} ({seconds:F0} s)");
            return result;
        }
        finally
        {
            File.Delete(checkpoint);
        }
    }
}
