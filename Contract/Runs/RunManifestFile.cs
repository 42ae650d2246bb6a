using System.Text.Json;
using AlexNetMl.Contract.IO;
using AlexNetMl.Contract.Model;

namespace AlexNetMl.Contract.Runs;

/// <summary>Reads and writes a run's <see cref="RunManifest"/> (<see cref="RunFolder.ManifestFile"/>) through <see cref="RunJson"/>.</summary>
public static class RunManifestFile
{
    /// <summary>Reads the manifest of <paramref name="run"/>.</summary>
    /// <exception cref="FileNotFoundException">The folder has no manifest.</exception>
    /// <exception cref="RunManifestException">It is not valid JSON, or of a version this build does not read.</exception>
    public static RunManifest Read(RunFolder run)
    {
        ArgumentNullException.ThrowIfNull(run);
        string path = run.File(RunFolder.ManifestFile);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{run.Path} has no {RunFolder.ManifestFile}: it is not a run folder written by this version (train or import make one).", path);
        }

        byte[] bytes = File.ReadAllBytes(path);
        try
        {
            int version = ReadVersion(bytes);
            if (version != RunManifest.CurrentVersion)
            {
                throw new RunManifestException($"{path} is a version {version} manifest; this build reads version {RunManifest.CurrentVersion}. Use the AlexNetMl version that wrote it, or train a new run.");
            }

            return JsonSerializer.Deserialize(bytes, RunJson.Default.RunManifest)
                ?? throw new RunManifestException($"{path} is empty (null); train or import the run again.");
        }
        catch (JsonException e)
        {
            throw new RunManifestException($"{path} is not a valid run manifest ({e.Message}); train or import the run again.", e);
        }
    }

    /// <summary>Writes <paramref name="manifest"/> into <paramref name="run"/>, atomically.</summary>
    public static void Write(RunFolder run, RunManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(manifest);
        AtomicFile.WriteAllText(run.File(RunFolder.ManifestFile), JsonSerializer.Serialize(manifest, RunJson.Default.RunManifest));
    }

    /// <summary>Reads the manifest of <paramref name="run"/>, changes it with <paramref name="change"/> and writes it back; returns the new one.</summary>
    public static RunManifest Update(RunFolder run, Func<RunManifest, RunManifest> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        RunManifest updated = change(Read(run));
        Write(run, updated);
        return updated;
    }

    /// <summary>
    /// The model file <paramref name="path"/> names: a model file itself, or a run folder (such as runs/latest), whose
    /// manifest names the models it wrote. Of a run, <paramref name="weights"/> chooses; without it, the fast one: the
    /// int8 model when the run wrote one (verified against fp32 when it was), else the packaged fp32 chain.
    /// </summary>
    /// <exception cref="FileNotFoundException">The path is neither a file nor a run folder with a manifest.</exception>
    /// <exception cref="RunManifestException">The run has no such model (yet).</exception>
    /// <exception cref="ArgumentException"><paramref name="weights"/> was given for a model file, which has the weights it has.</exception>
    public static string ModelIn(string path, ModelWeights? weights = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (File.Exists(path) || !Directory.Exists(path))
        {
            return !File.Exists(path) ? throw new FileNotFoundException($"'{path}' is neither a model file nor a run folder. Train one with `dotnet run --project Training` (it writes runs/latest), or name a model.zip, model.onnx or run folder.", path)
                : weights is null ? path
                : throw new ArgumentException($"--weights chooses among a run folder's models; '{path}' is a model file. Name the run folder, or drop --weights.");
        }

        RunFolder run = RunFolder.Open(path);
        RunModels models = Read(run).Models
            ?? throw new RunManifestException($"Run {run.Id} has no model yet: its job stopped before the export step. Resume it with `dotnet run --project Training -- --resume {run.Path}`.");
        string? chosen = weights switch
        {
            ModelWeights.QuantizedInt8 => models.Quantized ?? throw new RunManifestException($"Run {run.Id} has no int8 model ({models.QuantizedNote}); serve its fp32 model with --weights fp32."),
            ModelWeights.Fp32 => models.Package,
            _ => models.Quantized ?? models.Package,
        };
        return run.File(chosen ?? throw new RunManifestException($"Run {run.Id} has no packaged model yet: its job stopped before the package step. Resume it with `dotnet run --project Training -- --resume {run.Path}`."));
    }

    // The version is read before anything else, so a manifest of another version is refused by its number, not by
    // whichever of its fields this build happens to misread.
    private static int ReadVersion(byte[] bytes)
    {
        using JsonDocument document = JsonDocument.Parse(bytes);
        return document.RootElement.ValueKind == JsonValueKind.Object
               && document.RootElement.TryGetProperty("version", out JsonElement version)
               && version.TryGetInt32(out int number)
            ? number
            : throw new JsonException("it has no numeric \"version\"");
    }
}
