using System.Globalization;
using AlexNetMl.Pipeline.Data;
using AlexNetMl.Training.Planning;

namespace AlexNetMl.Training.Exercises;

/// <summary>
/// The sentences of docs/exercises.md that read a verdict from measured figures: each follows only from the figures it
/// is given, so a run whose numbers turn out otherwise says otherwise.
/// </summary>
internal static class ExerciseVerdicts
{
    // The winner's accuracy comes first. One exercises run wrote "LeNet ends more accurate (84.8 % against 88.2 %)":
    // AlexNet's figure first, whichever model won.
    internal static string MoreAccurate(RunResult alexnet, RunResult lenet)
    {
        bool alexnetWins = alexnet.TestAccuracy > lenet.TestAccuracy;
        (RunResult winner, RunResult other) = alexnetWins ? (alexnet, lenet) : (lenet, alexnet);
        return $"{(alexnetWins ? "AlexNet still ends more accurate" : "LeNet ends more accurate")} ({winner.TestAccuracy:P1} against {other.TestAccuracy:P1})";
    }

    // Whether the narrower variants of the sweep lose accuracy against alexnet-small: where they do not, this budget
    // cannot tell the widths apart, and the registered width is the cautious choice rather than the smallest that works.
    internal static string SweepVerdict(List<RunResult> sweep, RunResult small)
    {
        if (sweep.Count == 0)
        {
            return string.Empty;
        }

        string against = string.Join(", ", sweep.Select(r => $"{r.Label}: {(r.TestAccuracy - small.TestAccuracy) * 100:+0.0;-0.0} points against alexnet-small"));
        return sweep.Any(r => r.TestAccuracy < small.TestAccuracy - 0.01)
            ? $"The design sweep ({against}) shows where the accuracy starts to give."
            : $"The design sweep ({against}) lost nothing by going narrower at this budget, so it does not show where the accuracy starts to give: a longer budget would.";
    }

    // The sentence under the batch table. Every activation is kept for the backward pass, so a step's working set grows
    // with the batch, but the process's peak RSS shows that only when it rises with the batch (runs are in batch order).
    // One exercises run measured 7.62 GB at batch 16 and 2.75 GB at batch 32 and still said memory grows with the batch.
    internal static string MemoryVerdict(IReadOnlyList<RunResult> runs)
    {
        const string Cause = "every activation is kept for the backward pass";
        const string Grows = $"Memory grows with the batch, since {Cause}";
        if (runs.Any(r => r.PeakResidentBytes is null))
        {
            return $"{Grows}; this OS does not report a peak RSS to show it.";
        }

        for (int i = 1; i < runs.Count; i++)
        {
            (RunResult smaller, RunResult larger) = (runs[i - 1], runs[i]);
            if (larger.PeakResidentBytes < smaller.PeakResidentBytes)
            {
                return $"Since {Cause}, a step's working set grows with the batch, but peak RSS here does not rise with it: batch {smaller.Config.BatchSize} peaked at " +
                       $"{smaller.PeakResidentBytes!.Value / 1e9:F2} GB, above batch {larger.Config.BatchSize}'s {larger.PeakResidentBytes!.Value / 1e9:F2} GB. A smaller batch's step " +
                       "cannot need more than a larger one's, so that peak holds memory that was not its step's, and this column does not isolate the activations.";
            }
        }

        return $"{Grows}.";
    }

    // A run at chance accuracy (one class in ten) did not learn: at the recipe's learning rate, small batches' noisy
    // gradients can throw the weights out of the region where training converges.
    internal static string Diverged(IReadOnlyList<RunResult> runs)
    {
        double chance = 1.0 / FashionMnistClasses.Names.Count;
        List<RunResult> failed = runs.Where(r => r.TestAccuracy <= chance + 0.01).ToList();
        return failed.Count == 0
            ? string.Empty
            : $"Batch {string.Join(" and ", failed.Select(r => r.Config.BatchSize))} ended at chance level ({string.Join(", ", failed.Select(r => r.TestAccuracy.ToString("P1", CultureInfo.InvariantCulture)))}): " +
              $"at the learning rate tuned for batch {TrainingProfiles.Cpu.BatchSize}, its noisier steps diverged; the learning rate has to shrink with the batch. ";
    }
}
