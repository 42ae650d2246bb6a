using AlexNetMl.Contract.Runs;

namespace AlexNetMl.Training.Planning;

/// <summary>
/// Fixes a run's length from a time budget and measured rates: a pure function, so it is tested with given rates.
/// </summary>
/// <remarks>
/// Everything that is not training has a cost known from measurement (validation per epoch, checkpoints, export, the
/// final evaluation); what is left of the budget after those and the safety margin is training time, and training time
/// times the measured training rate is the number of images. The margin is a fraction of the time left, as large as
/// the warm-up's measurements differed (<see cref="MarginFor"/>), so the re-planner, which holds back the same fraction
/// of an ever shorter time left, lets a run spend its budget as its uncertainty shrinks. Validation and checkpoint costs depend on the number of
/// epochs, which depends on the images, so the two are settled by a short fixed-point iteration (<see cref="TrainingTime"/>, shared with the re-planner).
/// </remarks>
public static class TrainingPlanner
{
    /// <summary>Least fraction of the time left held back: the costs after training are estimated, not re-measured.</summary>
    public const double MinimumMargin = 0.03;

    /// <summary>Most fraction held back: a noisy warm-up should not throw away the run (the re-planner follows real drift).</summary>
    public const double MaximumMargin = 0.15;

    /// <summary>The margin for <paramref name="rates"/>: their measured spread, within <see cref="MinimumMargin"/> and <see cref="MaximumMargin"/>.</summary>
    public static double MarginFor(MachineRates rates)
    {
        ArgumentNullException.ThrowIfNull(rates);
        return Math.Clamp(rates.RateSpread, MinimumMargin, MaximumMargin);
    }

    /// <summary>Fewest training steps worth running: below this a run learns nothing worth exporting.</summary>
    public const int MinSteps = 20;

    /// <summary>Plans <paramref name="request"/> on a machine with <paramref name="rates"/>.</summary>
    /// <exception cref="TimeBudgetException">The budget cannot hold <see cref="MinSteps"/> steps besides the fixed costs.</exception>
    public static TrainingPlan Plan(PlanRequest request, MachineRates rates)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(rates);
        rates.Validate();
        Check(request);
        double evaluation = request.EvaluationImages / rates.EvaluationImagesPerSecond;
        double fixedCosts = request.ElapsedSeconds + rates.ExportSeconds + evaluation;
        double margin = MarginFor(rates);
        double available = request.BudgetSeconds - (margin * (request.BudgetSeconds - request.ElapsedSeconds)) - fixedCosts;

        double perEpochEnd = (request.ValidationImages / rates.ValidationImagesPerSecond) + rates.CheckpointSeconds;
        (int epochs, int perEpoch, bool capped) = TrainingTime.Settle(request.MinEpochs, epochs =>
        {
            double training = TrainingTime.Left(available, epochs, perEpochEnd, request.CheckpointEverySeconds, rates.CheckpointSeconds);
            long affordable = (long)Math.Floor(Math.Max(0, training) * rates.TrainImagesPerSecond);
            long wanted = Math.Min(affordable, request.MaxImages);
            int fitted = Math.Max(request.MinEpochs, (int)Math.Ceiling(wanted / (double)request.DatasetSize));
            // Whole batches, except that an epoch of the whole dataset keeps its last, smaller batch.
            long share = wanted / fitted;
            int imagesPerEpoch = share >= request.DatasetSize ? request.DatasetSize : (int)(share / request.BatchSize * request.BatchSize);
            return ((fitted, imagesPerEpoch, affordable >= request.MaxImages), fitted);
        });
        long images = (long)perEpoch * epochs;
        if (images < (long)MinSteps * request.BatchSize)
        {
            throw TooShort(request, rates, fixedCosts, evaluation);
        }

        return Build(request, rates, request.BudgetSeconds, epochs, perEpoch, capped);
    }

    // The budget holds fewer than MinSteps steps: say what the fixed costs take and what budget would do.
    private static TimeBudgetException TooShort(PlanRequest request, MachineRates rates, double fixedCosts, double evaluation)
    {
        double minimum = fixedCosts + (request.MinEpochs * ((request.ValidationImages / rates.ValidationImagesPerSecond) + rates.CheckpointSeconds))
            + (MinSteps * request.BatchSize / rates.TrainImagesPerSecond);
        return new TimeBudgetException(
            $"A time budget of {Durations.Format(request.BudgetSeconds)} cannot hold a run on this machine ({rates.Description}): export and the evaluation of " +
            $"{request.EvaluationImages:N0} images alone take about {Durations.Format(rates.ExportSeconds + evaluation)}, and {MinSteps} training steps need " +
            $"{Durations.Format(MinSteps * request.BatchSize / rates.TrainImagesPerSecond)} more. Give --time-budget {Math.Ceiling(minimum / (1 - MarginFor(rates)) / 60)}m or more, " +
            "or evaluate fewer images (--eval-limit N, --no-evaluate).");
    }

    /// <summary>
    /// The estimate of a run whose length is fixed (no budget, or <c>--epochs</c>/<c>--train-limit</c> given): the same
    /// costs as a plan, for <paramref name="epochs"/> epochs of <paramref name="imagesPerEpoch"/> images.
    /// </summary>
    public static TrainingPlan Estimate(PlanRequest request, MachineRates rates, int epochs, int imagesPerEpoch)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(rates);
        rates.Validate();
        return Build(request, rates, null, epochs, imagesPerEpoch, capped: false);
    }

    private static TrainingPlan Build(PlanRequest request, MachineRates rates, double? budget, int epochs, int perEpoch, bool capped)
    {
        long images = (long)perEpoch * epochs;
        double train = images / rates.TrainImagesPerSecond;
        return new TrainingPlan
        {
            BudgetSeconds = budget,
            ElapsedSeconds = request.ElapsedSeconds,
            SafetyMargin = MarginFor(rates),
            Rates = rates,
            TrainingImages = images,
            Epochs = epochs,
            ImagesPerEpoch = perEpoch,
            TrainingSeconds = train,
            ValidationSeconds = epochs * (request.ValidationImages / rates.ValidationImagesPerSecond),
            CheckpointSeconds = (epochs + (request.CheckpointEverySeconds > 0 ? Math.Floor(train / request.CheckpointEverySeconds) : 0)) * rates.CheckpointSeconds,
            ExportSeconds = rates.ExportSeconds,
            EvaluationImages = request.EvaluationImages,
            EvaluationSeconds = request.EvaluationImages / rates.EvaluationImagesPerSecond,
            Capped = capped,
        };
    }

    private static void Check(PlanRequest request)
    {
        if (!(request.BudgetSeconds > 0) || !double.IsFinite(request.BudgetSeconds))
        {
            throw new ArgumentException($"--time-budget must be a positive duration (got {request.BudgetSeconds} s).");
        }

        if (request.DatasetSize <= 0 || request.BatchSize <= 0 || request.MinEpochs <= 0 || request.MaxImages <= 0 || request.ValidationImages < 0 || request.EvaluationImages < 0 || request.ElapsedSeconds < 0 || request.CheckpointEverySeconds < 0)
        {
            throw new ArgumentException($"Invalid plan request: {request}.");
        }
    }
}
