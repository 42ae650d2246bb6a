using System.Security.Cryptography;
using System.Text.Json;
using AlexNetMl.Contract.IO;
using AlexNetMl.Contract.Programs;
using AlexNetMl.Contract.Runs;
using AlexNetMl.Training.Models;
using static TorchSharp.torch;

namespace AlexNetMl.Training.Checkpoints;

/// <summary>
/// Saves and loads checkpoints: the model's state_dict, the optimizer's state (SGD momentum buffers) and the
/// <see cref="TrainingState"/>, behind a versioned header and a SHA-256 of everything after it. Written with
/// <see cref="AtomicFile"/>, so a checkpoint on disk is always whole and the previous one survives a failed write.
/// </summary>
/// <remarks>
/// Layout (format 2): magic string, int32 version, int64 payload length, payload (state JSON, model, the averaged
/// model when the state's settings keep a weight average, optimizer), 32-byte SHA-256 of the payload. The average comes
/// before the optimizer so that <see cref="LoadTrained"/> reads the weights a run exports without an optimizer to read
/// into. Only this format is read: no earlier one was ever released.
/// </remarks>
public static class Checkpoint
{
    /// <summary>Current format version.</summary>
    public const int FormatVersion = 2;

    /// <summary>The checkpoint's file name inside a run folder.</summary>
    public const string FileName = "checkpoint.bin";

    private const string Magic = "AlexNetMl.Checkpoint";
    private const int HashLength = 32;

    /// <summary>Writes model, weight average (when the settings keep one), optimizer and state to <paramref name="path"/> atomically.</summary>
    public static void Save(string path, FashionModel model, optim.Optimizer optimizer, TrainingState state, FashionModel? average = null) =>
        Save(path, model, optimizer, state, stream => stream, average);

    /// <summary><see cref="Save(string, FashionModel, optim.Optimizer, TrainingState, FashionModel?)"/> through <paramref name="wrap"/> (fault-injection tests).</summary>
    internal static void Save(string path, FashionModel model, optim.Optimizer optimizer, TrainingState state, Func<Stream, Stream> wrap, FashionModel? average = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(state);
        if (Averages(state) != average is not null)
        {
            throw new ArgumentException($"The settings {(Averages(state) ? "keep" : "keep no")} weight average, but {(average is null ? "none" : "one")} was given.", nameof(average));
        }

        AtomicFile.Write(path, file =>
        {
            Stream stream = wrap(file);
            using var header = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
            header.Write(Magic);
            header.Write(FormatVersion);
            long lengthPosition = file.Position;
            header.Write(0L);
            header.Flush();
            long payloadStart = file.Position;
            using var sha256 = SHA256.Create();
            using (var hashing = new CryptoStream(stream, sha256, CryptoStreamMode.Write, leaveOpen: true))
            using (var writer = new BinaryWriter(hashing, System.Text.Encoding.UTF8, leaveOpen: true))
            {
                writer.Write(JsonSerializer.Serialize(state, TrainingConfig.JsonOptions));
                model.save(writer);
                average?.save(writer);
                ((TorchSharp.Modules.OptimizerHelper)optimizer).save_state_dict(writer);
                writer.Flush();
                hashing.FlushFinalBlock();
            }

            long payloadLength = file.Position - payloadStart;
            stream.Write(sha256.Hash);
            stream.Flush();
            file.Position = lengthPosition;
            header.Write(payloadLength);
            header.Flush();
            file.Seek(0, SeekOrigin.End);
        });
    }

    /// <summary>Reads only the state of a checkpoint (no tensors), after checking its header and checksum.</summary>
    public static TrainingState ReadState(string path)
    {
        using Opened opened = Open(path);
        return opened.State;
    }

    /// <summary>
    /// Loads a checkpoint's weights into <paramref name="model"/> and, if given, its weight average into
    /// <paramref name="average"/> (needed to read the optimizer of a run that keeps one) and its optimizer state.
    /// </summary>
    public static TrainingState Load(string path, FashionModel model, optim.Optimizer? optimizer, FashionModel? average = null) =>
        Read(path, model, state =>
        {
            if (Averages(state) && optimizer is not null && average is null)
            {
                throw new ArgumentException($"{path} keeps a weight average before its optimizer state: pass a model to load the average into.", nameof(average));
            }

            return reader =>
            {
                if (Averages(state) && average is not null)
                {
                    average.load(reader, strict: true);
                }

                if (optimizer is not null)
                {
                    ((TorchSharp.Modules.OptimizerHelper)optimizer).load_state_dict(reader);
                }
            };
        });

    /// <summary>Loads into <paramref name="model"/> the weights the run exports: its weight average when it keeps one, else its weights.</summary>
    public static TrainingState LoadTrained(string path, FashionModel model) =>
        Read(path, model, state => reader =>
        {
            if (Averages(state))
            {
                model.load(reader, strict: true);
            }
        });

    private static bool Averages(TrainingState state) => state.Config.WeightAverage > 0;

    // Opens the checkpoint, loads its model weights into `model`, then reads what follows with the reader that
    // `following` makes from the checkpoint's state. Every fault while decoding becomes a CheckpointException; a
    // fault of `following` itself is the caller's and stays as it is.
    private static TrainingState Read(string path, FashionModel model, Func<TrainingState, Action<BinaryReader>> following)
    {
        ArgumentNullException.ThrowIfNull(model);
        using Opened opened = Open(path);
        if (opened.State.Config.Model != model.Kind)
        {
            throw new CheckpointException($"{path}: holds a {opened.State.Config.Model} model, not {model.Kind}.");
        }

        Action<BinaryReader> rest = following(opened.State);
        try
        {
            model.load(opened.Reader, strict: true);
            rest(opened.Reader);
        }
        catch (Exception e) when (e is not CheckpointException)
        {
            // Everything here decodes file content with TorchSharp's readers, whose faults on damaged bytes range from
            // EndOfStream to Overflow and OutOfMemory (a huge length): all of them say the file is unusable (found by
            // CheckpointFaultTests' fuzzing of re-sealed payloads).
            throw new CheckpointException($"{path}: the weights do not fit this {model.Kind} model ({TerminalText.FirstLine(e.Message)}). Was it written by another model or version?", e);
        }

        return opened.State;
    }

    private static Opened Open(string path)
    {
        FileStream file;
        try
        {
            file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new CheckpointException($"{path}: checkpoint not found.", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CheckpointException($"{path}: checkpoint cannot be read ({e.Message}).", e);
        }

        try
        {
            var reader = new BinaryReader(file);
            string magic = ReadMagic(reader, path);
            if (magic != Magic)
            {
                throw new CheckpointException($"{path}: not an AlexNetMl checkpoint.");
            }

            int version = reader.ReadInt32();
            if (version != FormatVersion)
            {
                throw new CheckpointException($"{path}: checkpoint format version {version}; this build reads version {FormatVersion}.");
            }

            VerifyChecksum(file, reader, path);

            TrainingState state = ReadHeader(reader, path);
            return new Opened(reader, state);
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or FormatException)
        {
            file.Dispose();
            throw new CheckpointException($"{path}: not a readable AlexNetMl checkpoint (file too short or corrupt: {TerminalText.FirstLine(e.Message)}).", e);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    // BinaryReader.ReadString trusts a length prefix; a damaged one must not make it read megabytes.
    private static string ReadMagic(BinaryReader reader, string path)
    {
        Stream stream = reader.BaseStream;
        int length = stream.ReadByte();
        if (length != Magic.Length)
        {
            throw new CheckpointException($"{path}: not an AlexNetMl checkpoint.");
        }

        stream.Position = 0;
        return reader.ReadString();
    }

    private static void VerifyChecksum(FileStream file, BinaryReader reader, string path)
    {
        long payloadLength = reader.ReadInt64();
        long payloadStart = file.Position;
        if (payloadLength < 0 || payloadStart + payloadLength + HashLength != file.Length)
        {
            throw new CheckpointException($"{path}: checkpoint is truncated or has trailing bytes (its header promises {payloadLength:N0} payload bytes, the file holds {Math.Max(0, file.Length - payloadStart - HashLength):N0}).");
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        byte[] buffer = new byte[1 << 20];
        for (long left = payloadLength; left > 0;)
        {
            int read = file.Read(buffer, 0, (int)Math.Min(buffer.Length, left));
            if (read == 0)
            {
                throw new EndOfStreamException();
            }

            hash.AppendData(buffer, 0, read);
            left -= read;
        }

        Span<byte> stored = stackalloc byte[HashLength];
        file.ReadExactly(stored);
        if (!hash.GetHashAndReset().AsSpan().SequenceEqual(stored))
        {
            throw new CheckpointException($"{path}: checksum mismatch: the checkpoint is corrupt (a bit flip or a partial copy). Use an earlier copy, or start a new run.");
        }

        file.Position = payloadStart;
    }

    private static TrainingState ReadHeader(BinaryReader reader, string path)
    {
        TrainingState? state;
        try
        {
            state = JsonSerializer.Deserialize<TrainingState>(reader.ReadString(), TrainingConfig.JsonOptions);
        }
        catch (JsonException e)
        {
            throw new CheckpointException($"{path}: checkpoint header is corrupt ({TerminalText.FirstLine(e.Message)}).", e);
        }

        if (state?.Config is null || state.History is null)
        {
            throw new CheckpointException($"{path}: checkpoint header has no {(state is null ? "state" : state.Config is null ? "config" : "history")}.");
        }

        try
        {
            state.Config.Validate();
        }
        catch (ArgumentException e)
        {
            throw new CheckpointException($"{path}: checkpoint holds invalid settings: {e.Message}", e);
        }

        bool positionValid = state.Epoch >= 1 && state.Epoch <= state.Config.Epochs + 1 && state.BatchesDone >= 0 && state.EpochImages >= 0
            && double.IsFinite(state.EpochLossSum) && state.EpochLossSum >= 0 && double.IsFinite(state.EpochSeconds) && state.EpochSeconds >= 0
            && state.History.Epochs.Count <= state.Config.Epochs;
        return positionValid
            ? state
            : throw new CheckpointException($"{path}: checkpoint header is out of range (epoch {state.Epoch} of {state.Config.Epochs}, batch {state.BatchesDone}).");
    }

    private sealed class Opened(BinaryReader reader, TrainingState state) : IDisposable
    {
        public BinaryReader Reader { get; } = reader;

        public TrainingState State { get; } = state;

        public void Dispose() => Reader.Dispose();
    }
}
