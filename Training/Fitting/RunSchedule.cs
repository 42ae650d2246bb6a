using AlexNetMl.Contract.Runs;

namespace AlexNetMl.Training.Fitting;

/// <summary>
/// A run's length and learning rates: the epochs as planned, every re-plan applied in order, and the rate of each
/// step as <see cref="LearningRates"/> computes it from the planned length and the re-plans.
/// </summary>
public sealed class RunSchedule
{
    private readonly TrainingConfig _config;
    private readonly EpochLayout _planned;
    private LrRefit[] _refits = [];

    /// <summary>The schedule <paramref name="config"/> plans over <paramref name="datasetSize"/> training images.</summary>
    public RunSchedule(TrainingConfig config, int datasetSize)
    {
        ArgumentNullException.ThrowIfNull(config);
        _config = config;
        _planned = EpochLayout.Uniform(config.Epochs, Math.Min(config.TrainLimit ?? datasetSize, datasetSize), config.BatchSize, datasetSize);
        Layout = _planned;
    }

    /// <summary>The epochs as they stand.</summary>
    public EpochLayout Layout { get; private set; }

    /// <summary>Applies (or replays) <paramref name="replan"/>: the epochs from then on, and the learning rates re-fitted to them.</summary>
    /// <exception cref="ArgumentException">The re-plan's epochs do not fit this run's batch size and data.</exception>
    public void Apply(Replan replan)
    {
        ArgumentNullException.ThrowIfNull(replan);
        Layout = new EpochLayout(replan.ImagesPerEpoch, _planned.BatchSize, _planned.DatasetSize);
        _refits = [.. _refits, new LrRefit(replan.AtStep, Layout.TotalSteps)];
    }

    /// <summary>The learning rate of step <paramref name="step"/> (0-based).</summary>
    public double LearningRateAt(long step) =>
        LearningRates.At(step, _planned.TotalSteps, _config.LearningRate, _config.LrSchedule, _config.WarmupFraction, _refits);
}
