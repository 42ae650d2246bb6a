using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace AlexNetMl.Training.Training;

/// <summary>Every setting of a training run. Profiles fill it in; flags override single fields.</summary>
public sealed record TrainingConfig
{
    /// <summary>Profile the settings started from (book or cpu).</summary>
    public string Profile { get; init; } = "book";

    /// <summary>Number of passes over the (possibly limited) training set.</summary>
    public int Epochs { get; init; } = 10;

    /// <summary>Images per SGD step.</summary>
    public int BatchSize { get; init; } = 128;

    /// <summary>SGD learning rate.</summary>
    public double LearningRate { get; init; } = 0.01;

    /// <summary>SGD momentum (0 in the book).</summary>
    public double Momentum { get; init; }

    /// <summary>constant (the book), or cosine: decayed per batch to 0 over the run.</summary>
    public string LrSchedule { get; init; } = "constant";

    /// <summary>L2 weight decay (0 in the book).</summary>
    public double WeightDecay { get; init; }

    /// <summary>Dropout probability of the two hidden dense layers.</summary>
    public double Dropout { get; init; } = 0.5;

    /// <summary>Use only the first N training images per epoch (after shuffling); null for all 60,000.</summary>
    public int? TrainLimit { get; init; }

    /// <summary>Validate on only the first N test images each epoch; null for all 10,000.</summary>
    public int? ValidationLimit { get; init; }

    /// <summary>Side of the upsampled input.</summary>
    public int ImageSide { get; init; } = 224;

    /// <summary>Seed of the weight init, the per-epoch shuffles and dropout.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>auto, cpu or cuda.</summary>
    public string Device { get; init; } = "auto";

    /// <summary>fp32, or bf16 mixed precision.</summary>
    public string Precision { get; init; } = "fp32";

    /// <summary>Validation batch size (no gradients, so larger than training's).</summary>
    public int EvaluationBatchSize { get; init; } = 256;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        Require(Epochs > 0, $"--epochs must be positive (got {Epochs}).");
        Require(BatchSize > 0, $"--batch-size must be positive (got {BatchSize}).");
        Require(LearningRate > 0 && double.IsFinite(LearningRate), $"--lr must be a positive number (got {LearningRate}).");
        Require(Momentum is >= 0 and < 1, $"--momentum must be in [0, 1) (got {Momentum}).");
        Require(WeightDecay >= 0 && double.IsFinite(WeightDecay), $"--weight-decay must be non-negative (got {WeightDecay}).");
        Require(Dropout is >= 0 and < 1, $"--dropout must be in [0, 1) (got {Dropout}).");
        Require(TrainLimit is null or > 0, $"--train-limit must be positive (got {TrainLimit}).");
        Require(ValidationLimit is null or > 0, $"--val-limit must be positive (got {ValidationLimit}).");
        Require(Device is "auto" or "cpu" or "cuda", $"--device must be auto, cpu or cuda (got '{Device}').");
        Require(LrSchedule is "constant" or "cosine", $"--lr-schedule must be constant or cosine (got '{LrSchedule}').");
        Require(Precision is "fp32" or "bf16", $"--precision must be fp32 or bf16 (got '{Precision}').");
        Require(ImageSide == 224, $"the AlexNet dense layers are sized for 224×224 inputs (got {ImageSide}).");
    }

    /// <summary>A short hash of every setting, stored in checkpoints and the ONNX metadata.</summary>
    public string Hash()
    {
        byte[] digest = SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(this, JsonOptions)));
        return Convert.ToHexStringLower(digest)[..16];
    }

    /// <summary>Serializer settings for config.json and checkpoints.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new ArgumentException(message);
        }
    }
}
