using AlexNetMl.Contract.Runs;

namespace AlexNetMl.Training.Fitting;

/// <summary>
/// The learning rate of every step, as a pure function of the step and the run's length: a linear warm-up over the first
/// <c>warmup</c> fraction of the planned steps, then constant or a half-cosine to 0 ending exactly at the last step.
/// </summary>
/// <remarks>
/// Being a function of the step alone, a resumed run recomputes exactly the rate the uninterrupted run used; nothing of
/// the schedule is stored, so nothing can drift (TorchSharp's schedulers update the rate recursively from its last value).
/// A re-plan that changes the run's length re-fits the rest of the cosine: from the re-plan's step the progress through
/// the decay runs on linearly from where it stood to 1 at the new last step, so the rate has no jump and still ends at
/// its minimum. The warm-up keeps the length it was planned with.
/// </remarks>
public static class LearningRates
{
    /// <summary>The rate of step <paramref name="step"/> (0-based) of <paramref name="totalSteps"/>.</summary>
    public static double At(long step, long totalSteps, double peak, LrSchedule schedule, double warmupFraction) =>
        At(step, totalSteps, peak, schedule, warmupFraction, []);

    /// <summary>
    /// The rate of step <paramref name="step"/> (0-based) of a run planned with <paramref name="plannedSteps"/> and
    /// re-planned by <paramref name="refits"/> (in step order).
    /// </summary>
    public static double At(long step, long plannedSteps, double peak, LrSchedule schedule, double warmupFraction, IReadOnlyList<LrRefit> refits)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(plannedSteps);
        ArgumentNullException.ThrowIfNull(refits);
        long warmupSteps = (long)Math.Round(warmupFraction * plannedSteps);
        if (step < warmupSteps)
        {
            return peak * (step + 1) / warmupSteps;
        }

        if (schedule == LrSchedule.Constant)
        {
            return peak;
        }

        // Step warmupSteps runs at the peak, the last step at the rate one step before 0.
        return peak * 0.5 * (1 + Math.Cos(Math.PI * DecayProgress(step, plannedSteps, warmupSteps, refits)));
    }

    // Progress through the decay, 0 at its first step and 1 one step after its last: linear between re-plans, continuous at each.
    private static double DecayProgress(long step, long plannedSteps, long warmupSteps, IReadOnlyList<LrRefit> refits)
    {
        long anchor = warmupSteps;
        double anchorProgress = 0;
        long end = plannedSteps;
        foreach (LrRefit refit in refits)
        {
            if (refit.AtStep > step)
            {
                break;
            }

            long at = Math.Max(refit.AtStep, warmupSteps);
            anchorProgress = Progress(at, anchor, anchorProgress, end);
            anchor = at;
            end = refit.TotalSteps;
        }

        return Progress(step, anchor, anchorProgress, end);
    }

    private static double Progress(long step, long anchor, double anchorProgress, long end) =>
        Math.Min(1.0, anchorProgress + ((1 - anchorProgress) * (step - anchor) / Math.Max(1, end - anchor)));
}
