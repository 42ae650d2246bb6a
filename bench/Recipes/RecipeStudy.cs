using System.Globalization;
using System.Text;
using AlexNetMl.Contract.Model;
using AlexNetMl.Contract.Runs;
using AlexNetMl.Pipeline.Data;
using AlexNetMl.Training.Planning;

namespace AlexNetMl.Bench.Recipes;

/// <summary>
/// Finds the recipe that learns the most per image for the book's AlexNet on 224×224 inputs: a greedy search, one
/// question at a time, each candidate trained on the same number of images with each of <see cref="Seeds"/> and judged
/// on the same test images. A change is kept only when its mean beats the best so far by more than the seeds' spread
/// (<see cref="RecipeResult.Beats"/>), so a one-seed accident does not steer the search. Every finished training goes to
/// <paramref name="journal"/>, and one already there is taken from it, so an interrupted study resumes.
/// </summary>
/// <param name="test">The test images; each candidate is judged on the first of them.</param>
/// <param name="trainer">Trains one recipe with one seed and judges it (<see cref="RecipeTrainer"/>).</param>
/// <param name="journal">The finished trainings, read and extended.</param>
/// <param name="isa">The ISA oneDNN trains with (<see cref="CpuFeatures.Isa"/>): part of each training's journal key.</param>
/// <param name="log">Where progress lines go.</param>
public sealed class RecipeStudy(FashionMnistDataset test, IRecipeTrainer trainer, RecipeJournal journal, string isa, Action<string> log)
{
    /// <summary>The seeds every candidate trains with: weight init, shuffles and dropout masks all follow them.</summary>
    public static IReadOnlyList<int> Seeds { get; } = [42, 43];

    /// <summary>
    /// The questions, in order: each lists its candidates as changes to the best recipe so far. The learning rates are
    /// multiples of the book's learning rate either side of the SGD recipe's 4× (<see cref="TrainingProfiles.CpuSgd"/>, the start);
    /// the batch sizes are below its 32, which the first study preferred to 64 and 128. The optimizer question came after
    /// the first six had kept nothing on either ISA; the AdamW questions after it, because Adam's own habits (a warm-up
    /// before its second moment settles, no need of dropout's noise in a run shorter than an epoch, a rate above 3e-4 once
    /// warmed up) are not what the SGD questions asked. On an SGD best they are asked of SGD, which is harmless but moot.
    /// </summary>
    public static IReadOnlyList<(string Step, IReadOnlyList<(string Change, Func<TrainingConfig, TrainingConfig> Apply)> Candidates)> Questions { get; } =
    [
        ("peak learning rate", [LearningRate(2), LearningRate(6)]),
        ("batch size", [("batch 16", c => c with { BatchSize = 16 }), ("batch 24", c => c with { BatchSize = 24 })]),
        ("warm-up", [("warm-up 2 %", c => c with { WarmupFraction = 0.02 })]),
        ("weight decay", [("weight decay 5e-4", c => c with { WeightDecay = 5e-4 })]),
        ("dropout", [("dropout 0.3", c => c with { Dropout = 0.3 })]),
        ("weight averaging", [("EMA over 20 % of the steps", c => c with { WeightAverage = 0.2 })]),
        ("optimizer", [AdamW(3e-4), AdamW(1e-3)]),
        ("AdamW warm-up", [("warm-up 5 %", c => c with { WarmupFraction = 0.05 })]),
        ("AdamW dropout", [("dropout 0", c => c with { Dropout = 0 })]),
        ("AdamW learning rate", [("lr 5e-4", c => c with { LearningRate = 5e-4 })]),
    ];

    /// <summary>
    /// Runs the search from <paramref name="start"/> with <paramref name="images"/> training images per candidate and
    /// seed, asking the questions named in <paramref name="only"/> (their step names), or all of them when it is empty.
    /// </summary>
    public IReadOnlyList<RecipeResult> Run(TrainingConfig start, int images, int testImages, IReadOnlyCollection<string>? only = null)
    {
        ArgumentNullException.ThrowIfNull(start);
        FashionMnistDataset judged = test.Take(testImages);
        var results = new List<RecipeResult>();
        RecipeResult best = Train("start", "the cpu profile as it was", Fix(start, images), judged) with { Kept = true };
        results.Add(best);
        foreach ((string step, IReadOnlyList<(string Change, Func<TrainingConfig, TrainingConfig> Apply)> candidates) in Questions.Where(q => only is not { Count: > 0 } || only.Contains(q.Step)))
        {
            RecipeResult winner = best;
            var tried = new List<RecipeResult>();
            foreach ((string change, Func<TrainingConfig, TrainingConfig> apply) in candidates)
            {
                RecipeResult result = Train(step, change, Fix(apply(best.Config), images), judged);
                tried.Add(result);
                if (result.Beats(winner))
                {
                    winner = result;
                }
            }

            results.AddRange(tried.Select(r => r with { Kept = ReferenceEquals(r, winner) }));
            best = winner;
        }

        return results;
    }

    /// <summary>The markdown table of a finished search, with the recipe it chose and the command that ran it.</summary>
    public static string ToMarkdown(IReadOnlyList<RecipeResult> results, int images, int testImages, string machine, string command, DateTime date)
    {
        ArgumentNullException.ThrowIfNull(results);
        var text = new StringBuilder();
        string seeds = string.Join(" and ", Seeds);
        text.AppendLine("# Training recipe: what learns the most per image").AppendLine();
        text.AppendLine($"Written by `{command}` on {date.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC, on {machine}.").AppendLine();
        text.AppendLine($"Every row trained the book's AlexNet (224×224 inputs) on **{images:N0} training images** twice, with seeds {seeds} " +
                        $"(weight init, shuffles and dropout masks differ), then judged each on the first {testImages:N0} test images. " +
                        "The search asks one question at a time; each row's change is relative to the best recipe at that point. " +
                        "A change is kept only if its mean beats the best so far by more than the larger of the two recipes' seed spreads " +
                        "(highest minus lowest accuracy), so a gain one seed's luck could explain is not taken. Accuracy is what decides; " +
                        "the training seconds are wall-clock over both seeds and only indicative, as the study does not need an idle machine.").AppendLine();
        text.AppendLine($"| question | change | {string.Join(" | ", Seeds.Select(s => $"seed {s}"))} | mean | spread | last-epoch train loss | training s | kept |");
        text.AppendLine($"|---|---|{string.Concat(Seeds.Select(_ => "---:|"))}---:|---:|---:|---:|---|");
        foreach (RecipeResult r in results)
        {
            text.AppendLine($"| {r.Step} | {r.Change} | {string.Join(" | ", r.SeedCells())} | {r.MeanCell()} | {r.SpreadCell()} | {r.TrainLossCell()} | {r.Seconds:F0} | {(r.Kept ? "yes" : "no")} |");
        }

        // Kept rows are in search order, so the last one kept is the recipe the search ended with.
        TrainingConfig chosen = results.Last(r => r.Kept).Config;
        text.AppendLine().AppendLine($"**Chosen:** {chosen.DescribeRecipe()}.");
        return text.ToString();
    }

    private static TrainingConfig Fix(TrainingConfig config, int images) =>
        config with { Model = ModelKind.AlexNet, Epochs = 5, TrainLimit = images / 5, ValidationLimit = 1, Plan = null };

    // Trains `config` once per seed and judges each result on `judged`.
    private RecipeResult Train(string step, string change, TrainingConfig config, FashionMnistDataset judged)
    {
        var runs = Seeds.Select(seed => TrainOnce(config with { Seed = seed }, judged)).ToList();
        var result = new RecipeResult(step, change, config with { Seed = Seeds[0] }, [.. runs.Select(r => r.Accuracy)], runs.Average(r => r.TrainLoss), runs.Sum(r => r.Seconds), Kept: false, [.. runs.Select(r => r.Diverged)]);
        log($"recipe {step} / {change}: {string.Join(", ", result.SeedCells())}, mean {result.MeanCell()} ({result.Seconds:F0} s)");
        return result;
    }

    private RecipeTraining TrainOnce(TrainingConfig config, FashionMnistDataset judged)
    {
        string key = RecipeJournal.KeyOf(config, judged.Count, isa);
        if (journal.Find(key) is { } done)
        {
            log($"  seed {config.Seed}: {RecipeResult.AccuracyCell(done.Accuracy, done.Diverged)} (from the journal, trained {done.Finished:yyyy-MM-dd HH:mm} UTC)");
            return done;
        }

        RecipeOutcome outcome = trainer.TrainAndJudge(config, judged);
        log($"  seed {config.Seed}: {RecipeResult.AccuracyCell(outcome.Accuracy, outcome.Diverged)} ({outcome.Seconds:F0} s)");
        var training = new RecipeTraining(key, outcome.Accuracy, outcome.TrainLoss, outcome.Seconds, DateTime.UtcNow, outcome.Diverged);
        journal.Add(training);
        return training;
    }

    // AdamW keeps the recipe's momentum as its β1 (0.9, torch's default); its learning rates are torch's default, 1e-3,
    // and the more cautious 3e-4 usual for networks without normalization layers.
    private static (string Change, Func<TrainingConfig, TrainingConfig> Apply) AdamW(double learningRate) =>
        ($"AdamW, lr {learningRate:0e0}", c => c with { Optimizer = TrainingOptimizer.AdamW, LearningRate = learningRate, Nesterov = false });

    private static (string Change, Func<TrainingConfig, TrainingConfig> Apply) LearningRate(int timesTheBook) =>
        ($"lr × {timesTheBook} of the book's", c => c with { LearningRate = TrainingProfiles.Book.LearningRate * timesTheBook });
}
