using System.CommandLine;
using AlexNetMl.Contract.Runs;
using AlexNetMl.Contract.Settings;
using AlexNetMl.Export.Libtorch;
using AlexNetMl.Training.Planning;

namespace AlexNetMl.Training.Cli;

/// <summary>The main job's settings as the command line gives them: a new run's config, and the flags a resumed run refuses.</summary>
internal sealed class TrainSettings(ParseResult parse, TrainOptions options)
{
    private static readonly TimeSpan DefaultCheckpointEvery = TimeSpan.FromMinutes(5);

    /// <summary>The periodic checkpoint interval.</summary>
    public TimeSpan CheckpointEvery =>
        parse.GetResult(options.CheckpointEvery) is null ? DefaultCheckpointEvery : parse.GetValue(options.CheckpointEvery);

    /// <summary>The job's time budget: the profile's default, the flag's value, or null for none.</summary>
    public TimeSpan? Budget(TrainingProfile profile) =>
        parse.GetResult(options.TimeBudget) is null ? TrainingProfiles.DefaultBudget(profile)
        : parse.GetValue(options.TimeBudget) is { } given && given > TimeSpan.Zero ? given : null;

    /// <summary>Whether --epochs or --train-limit fixes the run's length.</summary>
    public bool LengthGiven => parse.GetValue(options.Epochs) is not null || parse.GetValue(options.TrainLimit) is not null;

    /// <summary>Images the final evaluation scores, of <paramref name="testImages"/>: 0 with --no-evaluate.</summary>
    public int EvaluationImages(int testImages) =>
        parse.GetValue(options.NoEvaluate) ? 0 : Math.Min(parse.GetValue(options.EvaluationLimit) ?? testImages, testImages);

    /// <summary>A new run's settings: the profile's, with each flag given overriding its field.</summary>
    public TrainingConfig NewConfig()
    {
        TrainingProfile profile = parse.GetValue(options.Profile) ?? (TorchRuntime.CudaAvailable ? TrainingProfile.Book : TrainingProfile.Cpu);
        TrainingConfig baseline = TrainingProfiles.OnThisMachine(profile);
        return baseline with
        {
            Model = parse.GetValue(options.Model) ?? baseline.Model,
            Epochs = parse.GetValue(options.Epochs) ?? baseline.Epochs,
            BatchSize = parse.GetValue(options.BatchSize) ?? baseline.BatchSize,
            LearningRate = parse.GetValue(options.LearningRate) ?? baseline.LearningRate,
            Momentum = parse.GetValue(options.Momentum) ?? baseline.Momentum,
            Nesterov = parse.GetValue(options.Nesterov) ?? baseline.Nesterov,
            Optimizer = parse.GetValue(options.Optimizer) ?? baseline.Optimizer,
            LrSchedule = parse.GetValue(options.LrSchedule) ?? baseline.LrSchedule,
            WarmupFraction = parse.GetValue(options.Warmup) ?? baseline.WarmupFraction,
            LabelSmoothing = parse.GetValue(options.LabelSmoothing) ?? baseline.LabelSmoothing,
            WeightDecay = parse.GetValue(options.WeightDecay) ?? baseline.WeightDecay,
            Dropout = parse.GetValue(options.Dropout) ?? baseline.Dropout,
            WeightAverage = parse.GetValue(options.WeightAverage) ?? baseline.WeightAverage,
            Augment = parse.GetValue(options.Augment) || baseline.Augment,
            TrainLimit = parse.GetValue(options.TrainLimit) ?? baseline.TrainLimit,
            ValidationLimit = parse.GetValue(options.ValidationLimit) ?? baseline.ValidationLimit,
            Seed = parse.GetValue(options.Seed) ?? baseline.Seed,
            Device = parse.GetValue(options.Device) ?? baseline.Device,
            Precision = parse.GetValue(options.Precision) ?? baseline.Precision,
        };
    }

    /// <summary>Refuses flags that would change what run <paramref name="runId"/>, recorded as <paramref name="config"/>, trains.</summary>
    public void RefuseConflicts(string runId, TrainingConfig config)
    {
        var conflicts = new List<string>();
        foreach ((Option option, Func<TrainingConfig, object?> current) in options.Hyperparameters)
        {
            if (parse.GetResult(option) is { Implicit: false } given)
            {
                object? value = given.GetValueOrDefault<object?>();
                object? recorded = current(config);
                if (!Equals(value, recorded))
                {
                    conflicts.Add($"{option.Name} {Show(value)} (the run has {Show(recorded)})");
                }
            }
        }

        if (conflicts.Count > 0)
        {
            throw new ArgumentException(
                $"--resume continues {runId} with the settings it was started with, and these flags conflict with them: {string.Join("; ", conflicts)}. " +
                "Drop them to resume, or start a new run. (--epochs may change: it extends the run.)");
        }
    }

    private static string Show(object? value) => value switch
    {
        null => "none",
        Enum e => SettingNames.Of(e),
        TimeSpan span => Durations.Format(span.TotalSeconds),
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "none",
    };
}
