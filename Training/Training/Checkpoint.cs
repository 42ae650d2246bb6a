using System.Runtime.InteropServices;
using System.Text.Json;
using AlexNetMl.Training.Models;
using static TorchSharp.torch;

namespace AlexNetMl.Training.Training;

/// <summary>A checkpoint file is missing, corrupt, of another format version, or of another model shape.</summary>
public sealed class CheckpointException : Exception
{
    public CheckpointException()
    {
    }

    public CheckpointException(string message)
        : base(message)
    {
    }

    public CheckpointException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>Where a run stands: what a checkpoint holds besides the tensors.</summary>
public sealed record TrainingState
{
    /// <summary>Epoch being trained (1-based).</summary>
    public int Epoch { get; init; } = 1;

    /// <summary>Batches of <see cref="Epoch"/> already done; equal to the epoch's batch count when it is complete.</summary>
    public int BatchesDone { get; init; }

    /// <summary>Sum of the training losses of the batches done in the current epoch.</summary>
    public double EpochLossSum { get; init; }

    /// <summary>Images seen in the current epoch.</summary>
    public long EpochImages { get; init; }

    /// <summary>Seconds spent training in the current epoch before this checkpoint.</summary>
    public double EpochSeconds { get; init; }

    /// <summary>The run's settings.</summary>
    public required TrainingConfig Config { get; init; }

    /// <summary>Per-epoch figures so far.</summary>
    public required TrainingHistory History { get; init; }
}

/// <summary>
/// Saves and loads checkpoints: a versioned header, the <see cref="TrainingState"/> as JSON, the model's state_dict and
/// the optimizer's state (SGD momentum buffers). Written to a temporary file and renamed, so a checkpoint is whole or absent.
/// </summary>
public static class Checkpoint
{
    /// <summary>Current format version; older or newer files are rejected.</summary>
    public const int FormatVersion = 1;

    /// <summary>The checkpoint's file name inside a run folder.</summary>
    public const string FileName = "checkpoint.bin";

    private const string Magic = "AlexNetMl.Checkpoint";

    /// <summary>Writes model, optimizer and state to <paramref name="path"/> atomically.</summary>
    public static void Save(string path, AlexNet model, optim.Optimizer optimizer, TrainingState state)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(optimizer);
        string temporary = path + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        using (var writer = new BinaryWriter(stream))
        {
            writer.Write(Magic);
            writer.Write(FormatVersion);
            writer.Write(JsonSerializer.Serialize(state, TrainingConfig.JsonOptions));
            model.save(writer);
            ((TorchSharp.Modules.OptimizerHelper)optimizer).save_state_dict(writer);
            writer.Flush();
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Reads only the state of a checkpoint (no tensors), validating its header.</summary>
    public static TrainingState ReadState(string path)
    {
        using BinaryReader reader = OpenAndCheck(path);
        return ReadHeader(reader, path);
    }

    /// <summary>Loads a checkpoint's weights into <paramref name="model"/> and, if given, its optimizer state.</summary>
    public static TrainingState Load(string path, AlexNet model, optim.Optimizer? optimizer)
    {
        ArgumentNullException.ThrowIfNull(model);
        using BinaryReader reader = OpenAndCheck(path);
        TrainingState state = ReadHeader(reader, path);
        try
        {
            model.load(reader, strict: true);
            if (optimizer is not null)
            {
                ((TorchSharp.Modules.OptimizerHelper)optimizer).load_state_dict(reader);
            }
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or EndOfStreamException or IOException or ExternalException)
        {
            throw new CheckpointException($"{path}: the weights do not fit this AlexNet ({FirstLine(e.Message)}). Was it written by another model or version?", e);
        }

        return state;
    }

    private static BinaryReader OpenAndCheck(string path)
    {
        if (!File.Exists(path))
        {
            throw new CheckpointException($"{path}: checkpoint not found.");
        }

        var reader = new BinaryReader(File.OpenRead(path));
        try
        {
            string magic = reader.ReadString();
            if (magic != Magic)
            {
                throw new CheckpointException($"{path}: not an AlexNetMl checkpoint.");
            }

            int version = reader.ReadInt32();
            if (version != FormatVersion)
            {
                throw new CheckpointException($"{path}: checkpoint format version {version}; this build reads version {FormatVersion}.");
            }

            return reader;
        }
        catch (Exception e) when (e is EndOfStreamException or IOException)
        {
            reader.Dispose();
            throw new CheckpointException($"{path}: not an AlexNetMl checkpoint (file too short or unreadable).", e);
        }
        catch (CheckpointException)
        {
            reader.Dispose();
            throw;
        }
    }

    private static TrainingState ReadHeader(BinaryReader reader, string path)
    {
        try
        {
            return JsonSerializer.Deserialize<TrainingState>(reader.ReadString(), TrainingConfig.JsonOptions)
                ?? throw new CheckpointException($"{path}: checkpoint header is empty.");
        }
        catch (Exception e) when (e is JsonException or EndOfStreamException or IOException)
        {
            throw new CheckpointException($"{path}: checkpoint header is corrupt ({FirstLine(e.Message)}).", e);
        }
    }

    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();
}
