using AlexNetMl.Contract.Runs;

namespace AlexNetMl.Training.Fitting;

/// <summary>
/// The learning rate of every step, as a pure function of the step and the run's length: a linear warm-up over the first
/// <c>warmup</c> fraction of the steps, then constant or a half-cosine to 0 ending exactly at the last planned step.
/// </summary>
/// <remarks>
/// Being a function of the step alone, a resumed run recomputes exactly the rate the uninterrupted run used; nothing of
/// the schedule is stored, so nothing can drift (TorchSharp's schedulers update the rate recursively from its last value).
/// </remarks>
public static class LearningRates
{
    /// <summary>The rate of step <paramref name="step"/> (0-based) of <paramref name="totalSteps"/>.</summary>
    public static double At(long step, long totalSteps, double peak, LrSchedule schedule, double warmupFraction)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(totalSteps);
        long warmupSteps = (long)Math.Round(warmupFraction * totalSteps);
        if (step < warmupSteps)
        {
            return peak * (step + 1) / warmupSteps;
        }

        if (schedule == LrSchedule.Constant)
        {
            return peak;
        }

        // Step warmupSteps runs at the peak, the last step at the rate one step before 0.
        long decaySteps = totalSteps - warmupSteps;
        double progress = Math.Min(1.0, (double)(step - warmupSteps) / decaySteps);
        return peak * 0.5 * (1 + Math.Cos(Math.PI * progress));
    }
}
