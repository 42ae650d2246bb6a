using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Serialization;
using System.Text.Json;
using System.Text;
using AlexNetMl.Contract.Model;
using AlexNetMl.Contract.Settings;

namespace AlexNetMl.Contract.Runs;

/// <summary>Every setting of a training run. Profiles fill it in; flags override single fields; a time budget fills in the plan.</summary>
public sealed record TrainingConfig
{
    /// <summary>Profile the settings started from.</summary>
    public TrainingProfile Profile { get; init; } = TrainingProfile.Book;

    /// <summary>The network trained.</summary>
    public ModelKind Model { get; init; } = ModelKind.AlexNet;

    /// <summary>Number of epochs. With a plan, the planned number.</summary>
    public int Epochs { get; init; } = 10;

    /// <summary>Images per SGD step.</summary>
    public int BatchSize { get; init; } = 128;

    /// <summary>
    /// The optimizer: SGD (the book) or AdamW. Left out of the JSON while it is SGD, so every run that trained with SGD
    /// before the setting existed keeps its settings hash: its checkpoints still resume and its journal entries still match.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public TrainingOptimizer Optimizer { get; init; }

    /// <summary>Peak learning rate.</summary>
    public double LearningRate { get; init; } = 0.01;

    /// <summary>SGD momentum (0 in the book); with AdamW, its β1, the decay of its gradient average.</summary>
    public double Momentum { get; init; }

    /// <summary>Nesterov momentum instead of heavy-ball.</summary>
    public bool Nesterov { get; init; }

    /// <summary>How the learning rate moves over the run.</summary>
    public LrSchedule LrSchedule { get; init; } = LrSchedule.Constant;

    /// <summary>Fraction of the steps spent warming the learning rate up linearly from 0 to its peak.</summary>
    public double WarmupFraction { get; init; }

    /// <summary>Label smoothing of the cross-entropy (0 in the book).</summary>
    public double LabelSmoothing { get; init; }

    /// <summary>Weight decay (0 in the book): an L2 term in SGD's gradient; AdamW's decoupled shrink of the weights.</summary>
    public double WeightDecay { get; init; }

    /// <summary>Dropout probability of the hidden dense layers.</summary>
    public double Dropout { get; init; } = 0.5;

    /// <summary>
    /// Fraction of the run's steps that an exponential moving average of the weights spans (<c>--ema</c>); 0 keeps
    /// no average. With one, the average is what is validated, exported and evaluated, in place of the raw weights.
    /// </summary>
    public double WeightAverage { get; init; }

    /// <summary>Training-time flips and shifts (<c>--augment</c>), drawn from (seed, epoch, batch).</summary>
    public bool Augment { get; init; }

    /// <summary>Images per epoch, taken in order from one shuffle of the training set after another; null for all 60,000.</summary>
    public int? TrainLimit { get; init; }

    /// <summary>Validate on only the first N test images each epoch; null for all 10,000.</summary>
    public int? ValidationLimit { get; init; }

    /// <summary>Seed of the weight init, the shuffles, dropout and augmentation.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Where training runs.</summary>
    public ComputeDevice Device { get; init; } = ComputeDevice.Auto;

    /// <summary>Arithmetic of forward and backward passes.</summary>
    public TrainingPrecision Precision { get; init; } = TrainingPrecision.Fp32;

    /// <summary>Validation batch size (no gradients, so larger than training's).</summary>
    public int EvaluationBatchSize { get; init; } = 256;

    /// <summary>The time-budget plan that fixed <see cref="Epochs"/> and <see cref="TrainLimit"/>; null without a budget.</summary>
    public TrainingPlan? Plan { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        Require(Enum.IsDefined(Profile) && Enum.IsDefined(Model) && Enum.IsDefined(Optimizer) && Enum.IsDefined(LrSchedule) && Enum.IsDefined(Device) && Enum.IsDefined(Precision), "a setting has an unknown value.");
        Require(Epochs is > 0 and <= 10_000, $"--epochs must be between 1 and 10,000 (got {Epochs}).");
        Require(BatchSize is > 0 and <= MaxBatchSize, $"--batch-size must be between 1 and {MaxBatchSize:N0} (got {BatchSize}).");
        Require(LearningRate > 0 && double.IsFinite(LearningRate), $"--lr must be a positive number (got {LearningRate}).");
        Require(Momentum is >= 0 and < 1, $"--momentum must be in [0, 1) (got {Momentum}).");
        Require(!Nesterov || Momentum > 0, "--nesterov needs a --momentum above 0.");
        Require(!Nesterov || Optimizer == TrainingOptimizer.Sgd, "--nesterov is SGD's; AdamW has no Nesterov variant here.");
        Require(WarmupFraction is >= 0 and <= 0.5, $"--warmup must be in [0, 0.5] (got {WarmupFraction}).");
        Require(LabelSmoothing is >= 0 and < 1, $"--label-smoothing must be in [0, 1) (got {LabelSmoothing}).");
        Require(WeightDecay >= 0 && WeightDecay < 1, $"--weight-decay must be in [0, 1) (got {WeightDecay}).");
        Require(Dropout is >= 0 and < 1, $"--dropout must be in [0, 1) (got {Dropout}).");
        Require(WeightAverage is >= 0 and <= 1, $"--ema must be in [0, 1] (got {WeightAverage}).");
        Require(TrainLimit is null or > 0, $"--train-limit must be positive (got {TrainLimit}).");
        Require(ValidationLimit is null or > 0, $"--val-limit must be positive (got {ValidationLimit}).");
        Require(EvaluationBatchSize is > 0 and <= MaxBatchSize, $"the validation batch size must be between 1 and {MaxBatchSize:N0} (got {EvaluationBatchSize}).");
    }

    /// <summary>Largest batch accepted: a 224×224 float batch of this size is already 3.2 GB.</summary>
    public const int MaxBatchSize = 16_384;

    /// <summary>
    /// The recipe in words (optimizer, batch, rates, schedule, regularisers), as the recipe studies' "Chosen" line and the
    /// exercises' header print it. A method, not a property, so that it stays out of the JSON and the settings hash.
    /// </summary>
    public string DescribeRecipe()
    {
        string average = WeightAverage > 0 ? string.Create(CultureInfo.InvariantCulture, $"a weight average over {WeightAverage:P0} of the steps") : "no weight average";
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{SettingNames.Of(Optimizer)}, batch {BatchSize}, peak lr {LearningRate}, momentum {Momentum}{(Nesterov ? " (Nesterov)" : string.Empty)}, " +
            $"{SettingNames.Of(LrSchedule)} schedule with {WarmupFraction:P0} warm-up, label smoothing {LabelSmoothing}, weight decay {WeightDecay}, dropout {Dropout}, {average}");
    }

    /// <summary>A short hash of every setting, stored in checkpoints and the ONNX metadata.</summary>
    public string Hash()
    {
        byte[] digest = SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(this, JsonOptions)));
        return Convert.ToHexStringLower(digest)[..16];
    }

    /// <summary>Serializer settings for config.json, history.json and checkpoints: snake_case names, enums spelled as on the command line.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Converters = { SettingNames.JsonConverter },
    };

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new ArgumentException(message);
        }
    }
}
