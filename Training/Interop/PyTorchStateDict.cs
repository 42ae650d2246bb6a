using System.Buffers.Binary;
using System.Collections;
using System.Text.Json;
using AlexNetMl.Contract.IO;
using AlexNetMl.Contract.Programs;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace AlexNetMl.Training.Interop;

/// <summary>
/// Reads and writes PyTorch state_dicts through TorchSharp.PyBridge: <c>.pt</c>/<c>.pth</c> files written by
/// <c>torch.save(model.state_dict(), ...)</c>, and <c>.safetensors</c> files. The format is told by content, not name.
/// </summary>
/// <remarks>
/// A pickle is untrusted input. PyBridge unpickles with Razorvine.Pickle, which builds only the objects it has a
/// constructor for: PyBridge registers tensors and OrderedDict, and any other class the pickle names becomes an inert
/// dictionary. Nothing in a pickle can run code here, unlike Python's own <c>torch.load</c> without weights_only. Then
/// this class accepts only a mapping from names to float32 tensors, and rejects anything else by key.
/// </remarks>
public static class PyTorchStateDict
{
    private const long MaxSafetensorsHeader = 100 * 1024 * 1024;

    /// <summary>The only dtype read and written: the models train and export in float32.</summary>
    public static ScalarType DType => ScalarType.Float32;

    /// <summary>Tells a pickle archive from a safetensors file by their first bytes.</summary>
    /// <exception cref="PyTorchFileException">Neither: an old-format pickle, or not PyTorch weights at all.</exception>
    public static PyTorchFormat Detect(string path)
    {
        using FileStream stream = File.OpenRead(path);
        Span<byte> head = stackalloc byte[9];
        int read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        if (read >= 4 && head[0] == (byte)'P' && head[1] == (byte)'K' && head[2] == 3 && head[3] == 4)
        {
            return PyTorchFormat.Pickle;
        }

        if (read == head.Length && head[8] == (byte)'{' && BinaryPrimitives.ReadUInt64LittleEndian(head) is var length && length <= (ulong)(stream.Length - 8))
        {
            return PyTorchFormat.Safetensors;
        }

        if (read >= 2 && head[0] == 0x80 && head[1] is >= 2 and <= 5)
        {
            throw new PyTorchFileException(
                $"{path}: is a pickle in PyTorch's legacy (pre-1.6) layout, which is not read here. Re-save it with torch.save(model.state_dict(), path) from PyTorch 1.6 or later.");
        }

        throw new PyTorchFileException($"{path}: is not a PyTorch state_dict. Save one with torch.save(model.state_dict(), path) (.pt or .pth) or as .safetensors.");
    }

    /// <summary>The format an output path asks for, by its extension.</summary>
    /// <exception cref="ArgumentException">An extension that is neither .safetensors nor .pt/.pth.</exception>
    public static PyTorchFormat FormatOf(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".safetensors" => PyTorchFormat.Safetensors,
        ".pt" or ".pth" => PyTorchFormat.Pickle,
        _ => throw new ArgumentException($"--pytorch '{path}': name the file .safetensors, .pt or .pth; the extension chooses the format."),
    };

    /// <summary>Reads the float32 tensors of a state_dict file.</summary>
    /// <exception cref="PyTorchFileException">The file is not a state_dict of float32 tensors, or is damaged.</exception>
    public static StateDict Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"PyTorch file '{path}' does not exist.", path);
        }

        PyTorchFormat format = Detect(path);
        Dictionary<string, Tensor> tensors = format == PyTorchFormat.Pickle ? ReadPickle(path) : ReadSafetensors(path);
        var dict = new StateDict(path, format, tensors);
        try
        {
            foreach ((string key, Tensor tensor) in tensors)
            {
                if (tensor.dtype != DType)
                {
                    throw new PyTorchFileException(
                        $"{path}: tensor '{key}' is {tensor.dtype.ToString().ToLowerInvariant()}; only float32 weights are read. Convert with model.float() before saving.");
                }
            }

            return dict;
        }
        catch
        {
            dict.Dispose();
            throw;
        }
    }

    /// <summary>Writes <paramref name="tensors"/>, in order, as a state_dict file in the format its extension names, atomically.</summary>
    public static void Write(string path, IReadOnlyList<(string Key, Tensor Tensor)> tensors)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        PyTorchFormat format = FormatOf(path);
        var ordered = new Dictionary<string, Tensor>(tensors.Count);
        foreach ((string key, Tensor tensor) in tensors)
        {
            ordered.Add(key, tensor);
        }

        AtomicFile.Write(path, stream =>
        {
            if (format == PyTorchFormat.Safetensors)
            {
                Safetensors.SaveStateDict(stream, ordered, leaveOpen: true);
            }
            else
            {
                PyTorchPickler.PickleStateDict(stream, ordered, leaveOpen: true);
            }
        });
    }

    private static Dictionary<string, Tensor> ReadPickle(string path)
    {
        Hashtable table;
        try
        {
            using FileStream stream = File.OpenRead(path);
            table = PyTorchUnpickler.UnpickleStateDict(stream, leaveOpen: true);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new PyTorchFileException($"{path}: cannot be read as a PyTorch state_dict ({TerminalText.FirstLine(e.Message)}). Save one with torch.save(model.state_dict(), path).", e);
        }

        var tensors = new Dictionary<string, Tensor>(table.Count);
        string? fault = null;
        foreach (DictionaryEntry entry in table)
        {
            if (entry.Key is string key && entry.Value is Tensor tensor)
            {
                tensors.Add(key, tensor);
            }
            else
            {
                fault ??= $"{path}: holds {Describe(entry.Value)} under '{entry.Key}'; a state_dict maps names to tensors. Save one with torch.save(model.state_dict(), path).";
                (entry.Value as IDisposable)?.Dispose();
            }
        }

        if (fault is not null)
        {
            DisposeAll(tensors.Values);
            throw new PyTorchFileException(fault);
        }

        // The pickle's mapping is a Hashtable: restore a stable order (the book's keys sort by layer index, then name).
        return tensors.OrderBy(pair => pair.Key, BookLayout.KeyComparer).ToDictionary(pair => pair.Key, pair => pair.Value);
    }

    private static Dictionary<string, Tensor> ReadSafetensors(string path)
    {
        CheckSafetensorsIndex(path);
        try
        {
            using FileStream stream = File.OpenRead(path);
            return Safetensors.LoadStateDict(stream, leaveOpen: true);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new PyTorchFileException($"{path}: cannot be read as a safetensors file ({TerminalText.FirstLine(e.Message)}).", e);
        }
    }

    /// <summary>
    /// Checks the index before PyBridge allocates anything from it: every entry's byte range lies inside the file and
    /// matches its shape, so a damaged or hostile header cannot ask for more memory than the file holds.
    /// </summary>
    private static void CheckSafetensorsIndex(string path)
    {
        using FileStream stream = File.OpenRead(path);
        Span<byte> prefix = stackalloc byte[8];
        stream.ReadExactly(prefix);
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        long dataLength = stream.Length - 8 - (long)headerLength;
        if (headerLength > MaxSafetensorsHeader || dataLength < 0)
        {
            throw new PyTorchFileException($"{path}: the safetensors header says it is {headerLength:N0} bytes long, more than the file holds; the file is truncated or not safetensors.");
        }

        byte[] header = new byte[headerLength];
        stream.ReadExactly(header);
        try
        {
            using JsonDocument index = JsonDocument.Parse(header);
            foreach (JsonProperty entry in index.RootElement.EnumerateObject())
            {
                if (entry.Name == "__metadata__")
                {
                    continue;
                }

                string dtype = entry.Value.GetProperty("dtype").GetString() ?? string.Empty;
                if (dtype != "F32")
                {
                    throw new PyTorchFileException($"{path}: tensor '{entry.Name}' is {dtype}; only float32 (F32) weights are read. Convert with model.float() before saving.");
                }

                long elements = 1;
                foreach (JsonElement dimension in entry.Value.GetProperty("shape").EnumerateArray())
                {
                    elements = checked(elements * dimension.GetInt64());
                }

                JsonElement offsets = entry.Value.GetProperty("data_offsets");
                long start = offsets[0].GetInt64(), end = offsets[1].GetInt64();
                long bytes = checked(elements * sizeof(float));
                if (start < 0 || end < start || end > dataLength || end - start != bytes)
                {
                    throw new PyTorchFileException($"{path}: tensor '{entry.Name}' spans bytes {start:N0}-{end:N0} for {bytes:N0} bytes of data, outside the file's {dataLength:N0}; the file is truncated or damaged.");
                }
            }
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or OverflowException or IndexOutOfRangeException or FormatException)
        {
            throw new PyTorchFileException($"{path}: the safetensors header is not valid ({TerminalText.FirstLine(e.Message)}).", e);
        }
    }

    private static string Describe(object? value) => value switch
    {
        null => "nothing",
        _ => $"a {value.GetType().Name}",
    };


    private static void DisposeAll(IEnumerable<Tensor> tensors)
    {
        foreach (Tensor tensor in tensors)
        {
            tensor.Dispose();
        }
    }
}
