using AlexNetMl.Contract.Runs;

namespace AlexNetMl.Training.Planning;

/// <summary>The named starting points for a run: the book's recipe, and one planned to fit a time budget.</summary>
public static class TrainingProfiles
{
    /// <summary>The book's run: plain SGD lr 0.01, batch 128, 10 epochs over all 60,000 images.</summary>
    public static TrainingConfig Book { get; } = new()
    {
        Profile = TrainingProfile.Book,
        Epochs = 10,
        BatchSize = 128,
        LearningRate = 0.01,
        Momentum = 0,
    };

    /// <summary>
    /// The cpu profile's recipe with SGD, where the recipe studies start. The first study (16,384 images per candidate on
    /// a 2-core AMD EPYC in bf16) chose batch 32 over 64 and 128, the peak learning rate 4× the book's and label smoothing
    /// 0.1; Nesterov and a warm-up did not help. The second, two seeds per candidate (docs/training-recipe.md, and
    /// docs/training-recipe-avx2.md in fp32 capped at AVX2), found no SGD change that beats it by more than the seeds' spread.
    /// </summary>
    public static TrainingConfig CpuSgd { get; } = new()
    {
        Profile = TrainingProfile.Cpu,
        Epochs = 5,
        BatchSize = 32,
        LearningRate = 0.04,
        Momentum = 0.9,
        Nesterov = false,
        LrSchedule = LrSchedule.Cosine,
        WarmupFraction = 0,
        LabelSmoothing = 0.1,
        ValidationLimit = 1_000,
    };

    /// <summary>
    /// The same network and 224×224 input, trained within a time budget (<see cref="CpuTimeBudget"/> by default): the
    /// planner measures this machine and fixes how many images fit. The recipe is <see cref="CpuSgd"/>'s with AdamW at
    /// peak lr 3e-4 (β1 0.9) in place of SGD: asked of that recipe with two seeds (16,384 images each, on a 2-core AMD
    /// EPYC in bf16), AdamW learned more per image by more than the seeds' spread (docs/training-recipe-optimizer.md).
    /// </summary>
    public static TrainingConfig Cpu { get; } = CpuSgd with { Optimizer = TrainingOptimizer.AdamW, LearningRate = 3e-4 };

    /// <summary>The cpu profile's default time budget for the whole job (training, export and evaluation).</summary>
    public static TimeSpan CpuTimeBudget { get; } = TimeSpan.FromMinutes(20);

    /// <summary>The profile's settings.</summary>
    public static TrainingConfig Get(TrainingProfile profile) => profile switch
    {
        TrainingProfile.Book => Book,
        TrainingProfile.Cpu => Cpu,
        _ => throw new ArgumentException($"Unknown profile {profile}."),
    };

    /// <summary>
    /// The profile's settings as they train on this machine: the cpu profile in bf16 where the CPU and oneDNN run it
    /// natively (<see cref="CpuFeatures.HasBFloat16"/>), else in the profile's own precision.
    /// </summary>
    public static TrainingConfig OnThisMachine(TrainingProfile profile) => OnThisMachine(Get(profile));

    /// <summary><paramref name="config"/> as it trains on this machine: in bf16 where it is a cpu-profile recipe and the CPU runs bf16 natively.</summary>
    public static TrainingConfig OnThisMachine(TrainingConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return config.Profile == TrainingProfile.Cpu && CpuFeatures.HasBFloat16 ? config with { Precision = TrainingPrecision.Bf16 } : config;
    }

    /// <summary>Most training images a budgeted run plans or re-plans, of <paramref name="datasetSize"/>: the book's full run.</summary>
    public static long CeilingImages(int datasetSize) => (long)Book.Epochs * datasetSize;

    /// <summary>The profile's default time budget, or null when it runs its fixed schedule.</summary>
    public static TimeSpan? DefaultBudget(TrainingProfile profile) => profile == TrainingProfile.Cpu ? CpuTimeBudget : null;
}
