using System.CommandLine;
using AlexNetMl.Contract.Model;
using AlexNetMl.Contract.Programs;
using AlexNetMl.Contract.Runs;
using AlexNetMl.Contract.Settings;
using AlexNetMl.Training.Models;
using AlexNetMl.Training.Planning;

namespace AlexNetMl.Training.Cli;

/// <summary>The training command's options, built anew for every parse.</summary>
internal sealed class TrainOptions
{
    public Option<TrainingProfile?> Profile { get; } = SettingOptions.Enum<TrainingProfile>("--profile", "book (the book's recipe) or cpu (planned to fit --time-budget on this machine). Default: book with CUDA, cpu without.");

    public Option<ModelKind?> Model { get; } = SettingOptions.Enum<ModelKind>("--model", "The network: " + string.Join("; ", ModelCatalog.All.Select(m => $"{m.Name}: {m.Summary}")) + ".");

    public Option<TimeSpan> TimeBudget { get; } = CliOptions.Duration("--time-budget", $"The whole job's time budget (training, export, evaluation), e.g. 20m; 'none' runs the profile's fixed schedule. Default: {TrainingProfiles.CpuTimeBudget.TotalMinutes:0}m for the cpu profile, none for book.");

    public Option<TimeSpan> CheckpointEvery { get; } = CliOptions.Duration("--checkpoint-every", "Also write a checkpoint after this much training, e.g. 5m ('none': at epoch ends only). Default: 5m.");

    public Option<int?> Epochs { get; } = new("--epochs") { Description = "Epochs (overrides the time budget's plan)." };

    public Option<int?> BatchSize { get; } = new("--batch-size") { Description = "Images per SGD step." };

    public Option<TrainingOptimizer?> Optimizer { get; } = SettingOptions.Enum<TrainingOptimizer>("--optimizer", "sgd (the book) or adamw (Adam with decoupled weight decay).");

    public Option<double?> LearningRate { get; } = new("--lr") { Description = "Peak learning rate." };

    public Option<double?> Momentum { get; } = new("--momentum") { Description = "SGD momentum; with adamw, its beta1." };

    public Option<bool?> Nesterov { get; } = new("--nesterov") { Description = "Nesterov momentum (true/false)." };

    public Option<LrSchedule?> LrSchedule { get; } = SettingOptions.Enum<LrSchedule>("--lr-schedule", "constant (the book) or cosine (decay to 0 over the run's steps).");

    public Option<double?> Warmup { get; } = new("--warmup") { Description = "Fraction of the steps spent warming the learning rate up from 0 (0 to 0.5)." };

    public Option<double?> LabelSmoothing { get; } = new("--label-smoothing") { Description = "Label smoothing of the cross-entropy (0 in the book)." };

    public Option<double?> WeightDecay { get; } = new("--weight-decay") { Description = "Weight decay: an L2 term with sgd, decoupled with adamw." };

    public Option<double?> Dropout { get; } = new("--dropout") { Description = "Dropout probability of the hidden dense layers." };

    public Option<double?> WeightAverage { get; } = new("--ema") { Description = "Average the weights exponentially over this fraction of the run's steps (0 to 1; 0: no average) and export the average." };

    public Option<bool> Augment { get; } = new("--augment") { Description = "Random horizontal flips and shifts of up to 2 pixels while training." };

    public Option<int?> TrainLimit { get; } = new("--train-limit") { Description = "Training images per epoch (overrides the time budget's plan)." };

    public Option<int?> ValidationLimit { get; } = new("--val-limit") { Description = "Validate on the first N test images each epoch." };

    public Option<int?> Seed { get; } = new("--seed") { Description = "Seed of weight init, shuffling, dropout and augmentation." };

    public Option<ComputeDevice?> Device { get; } = SettingOptions.Enum<ComputeDevice>("--device", "auto (CUDA when present), cpu or cuda.");

    public Option<TrainingPrecision?> Precision { get; } = SettingOptions.Enum<TrainingPrecision>("--precision", "fp32, or bf16 mixed precision (fp32 master weights). Default: bf16 on CPUs with avx512_bf16 or AMX for the cpu profile, else fp32.");

    public Option<string?> Data { get; } = new("--data") { Description = "Fashion-MNIST directory (default: $FASHION_MNIST_DIR, then data/fashion-mnist, then /usr/share/datasets/fashion-mnist)." };

    public Option<string> Runs { get; } = new("--runs") { Description = "Folder that receives run folders.", DefaultValueFactory = _ => RunFolder.DefaultRoot };

    public Option<string?> Resume { get; } = new("--resume") { Description = "Continue the run in DIR (default runs/latest) from its checkpoint, with the settings and plan it was started with.", Arity = ArgumentArity.ZeroOrOne };

    public Option<int?> EvaluationLimit { get; } = new("--eval-limit") { Description = "Evaluate the exported model on the first N test images (default: all 10,000)." };

    public Option<bool> NoEvaluate { get; } = new("--no-evaluate") { Description = "Stop after training and export; skip the ML.NET evaluation." };

    /// <summary>The options a resumed run may change: they do not alter what is trained, except --epochs, which extends it.</summary>
    public IEnumerable<Option> ChangeableOnResume => [Epochs, Data, Runs, Resume, EvaluationLimit, NoEvaluate, CheckpointEvery];

    /// <summary>The options that set a training hyperparameter, with a reader of the value a config holds for them.</summary>
    public IEnumerable<(Option Option, Func<TrainingConfig, object?> Current)> Hyperparameters =>
    [
        (Profile, c => c.Profile), (Model, c => c.Model), (BatchSize, c => c.BatchSize), (Optimizer, c => c.Optimizer), (LearningRate, c => c.LearningRate),
        (Momentum, c => c.Momentum), (Nesterov, c => c.Nesterov), (LrSchedule, c => c.LrSchedule), (Warmup, c => c.WarmupFraction),
        (LabelSmoothing, c => c.LabelSmoothing), (WeightDecay, c => c.WeightDecay), (Dropout, c => c.Dropout), (WeightAverage, c => c.WeightAverage),
        (Augment, c => c.Augment),
        (TrainLimit, c => c.TrainLimit), (ValidationLimit, c => c.ValidationLimit), (Seed, c => c.Seed), (Device, c => c.Device),
        (Precision, c => c.Precision), (TimeBudget, c => c.Plan?.BudgetSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : TimeSpan.Zero),
    ];

    public void AddTo(Command command)
    {
        foreach (Option option in All)
        {
            command.Options.Add(option);
        }
    }

    private IEnumerable<Option> All =>
    [
        Profile, Model, TimeBudget, CheckpointEvery, Epochs, BatchSize, Optimizer, LearningRate, Momentum, Nesterov, LrSchedule, Warmup, LabelSmoothing,
        WeightDecay, Dropout, WeightAverage, Augment, TrainLimit, ValidationLimit, Seed, Device, Precision, Data, Runs, Resume, EvaluationLimit, NoEvaluate,
    ];
}
