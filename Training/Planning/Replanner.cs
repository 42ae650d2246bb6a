using AlexNetMl.Contract.Runs;
using AlexNetMl.Training.Fitting;

namespace AlexNetMl.Training.Planning;

/// <summary>
/// Re-plans a budgeted run while it trains: from the training rate measured over the last interval, the run's length
/// is set so that its projected finish is the budget (less the margin on the time left). A pure function, so it is
/// tested with given rate sequences.
/// </summary>
/// <remarks>
/// The costs after training (validations of the epochs left, checkpoints, export and evaluation) are the plan's,
/// measured in the warm-up; only the training rate is re-measured, since that is what drifts and what the run spends
/// its budget on. A slower machine shortens the run, a faster one lengthens it up to the profile's ceiling (the book's
/// ten epochs). Changes smaller than <see cref="Tolerance"/> of the run are left alone, so that noise does not re-plan.
/// </remarks>
public static class Replanner
{
    /// <summary>Smallest change worth a re-plan, as a fraction of the run's images (at least one batch).</summary>
    public const double Tolerance = 0.01;

    /// <summary>The longest a budgeted run trains between two looks at its rate.</summary>
    public static readonly TimeSpan LongestInterval = TimeSpan.FromMinutes(2);

    /// <summary>The decision at <paramref name="input"/>, or null when the run's length stands.</summary>
    public static Replan? Decide(ReplanInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        EpochLayout layout = input.Layout;
        if (input.Plan.BudgetSeconds is not { } budget || !(input.MeasuredImagesPerSecond > 0))
        {
            return null;
        }

        (EpochLayout refit, bool capped) = Refit(input, budget);
        long change = refit.TotalImages - layout.TotalImages;
        if (Math.Abs(change) < Math.Max(layout.BatchSize, Tolerance * layout.TotalImages))
        {
            return null;
        }

        return new Replan
        {
            AtStep = input.StepsDone,
            Epoch = input.Epoch,
            JobSeconds = input.JobSeconds,
            MeasuredImagesPerSecond = input.MeasuredImagesPerSecond,
            OldImages = layout.TotalImages,
            NewImages = refit.TotalImages,
            ImagesPerEpoch = refit.ImagesPerEpoch,
            Reason = Reason(input, change, capped),
        };
    }

    // The layout whose training fills the budget at the measured rate, the epoch ends left settled with it.
    private static (EpochLayout Layout, bool Capped) Refit(ReplanInput input, double budget)
    {
        TrainingPlan plan = input.Plan;
        EpochLayout layout = input.Layout;
        long done = layout.StartOf(input.Epoch) + Math.Min((long)input.BatchesDone * layout.BatchSize, layout.ImagesIn(input.Epoch));
        double available = budget - (plan.SafetyMargin * Math.Max(0, budget - input.JobSeconds)) - input.JobSeconds - plan.ExportSeconds - plan.EvaluationSeconds;
        double perEpochEnd = (plan.ValidationSeconds / plan.Epochs) + plan.Rates.CheckpointSeconds;
        long ceiling = TrainingProfiles.CeilingImages(layout.DatasetSize);
        return TrainingTime.Settle(layout.Epochs, epochs =>
        {
            double training = TrainingTime.Left(available, epochs - input.Epoch + 1, perEpochEnd, input.CheckpointEverySeconds, plan.Rates.CheckpointSeconds);
            long affordable = done + (long)Math.Floor(Math.Max(0, training) * input.MeasuredImagesPerSecond);
            EpochLayout refit = layout.Refit(input.Epoch, input.BatchesDone, Math.Min(ceiling, affordable));
            return ((refit, affordable >= ceiling), refit.Epochs);
        });
    }

    private static string Reason(ReplanInput input, long change, bool capped)
    {
        bool slower = input.MeasuredImagesPerSecond < input.PlannedImagesPerSecond;
        string reason = $"training ran at {input.MeasuredImagesPerSecond:F1} images/s over the last {Durations.Format(input.IntervalSeconds)}, " +
            $"{(slower ? "slower" : "faster")} than the {input.PlannedImagesPerSecond:F1} planned with";
        if (change < 0 && !slower)
        {
            reason += ", but the time left holds fewer images than planned";
        }

        return capped ? $"{reason}; capped at the profile's ceiling" : reason;
    }
}
