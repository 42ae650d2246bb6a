using System.Globalization;
using AlexNetMl.Contract.IO;

namespace AlexNetMl.Contract.Runs;

/// <summary>A run's output folder, runs/&lt;yyyyMMdd-HHmmss&gt;/, and the runs/latest link to it.</summary>
public sealed class RunFolder
{
    /// <summary>Name of the link that points at the newest run.</summary>
    public const string LatestName = "latest";

    /// <summary>The folder that receives run folders unless told otherwise (<c>--runs</c>).</summary>
    public const string DefaultRoot = "runs";

    /// <summary>The newest run under <see cref="DefaultRoot"/>: what classify and serve load unless told otherwise.</summary>
    public static string DefaultLatest => System.IO.Path.Combine(DefaultRoot, LatestName);

    /// <summary>The log an internal error is written to.</summary>
    public const string ErrorLogName = "error.log";

    /// <summary>The run manifest (<see cref="RunManifest"/>): settings, plan, provenance, models, metrics and timing.</summary>
    public const string ManifestFile = "run.json";

    /// <summary>Per-epoch figures.</summary>
    public const string HistoryFile = "history.json";

    /// <summary>The exported fp32 model.</summary>
    public const string ModelFile = "model.onnx";

    /// <summary>The exported model in int8 (convolutions and dense layers; see ModelWeights.QuantizedInt8).</summary>
    public const string Int8ModelFile = "model-int8.onnx";

    /// <summary>The fitted ML.NET chain over <see cref="ModelFile"/>, which apps load.</summary>
    public const string PackageFile = "model.zip";

    private RunFolder(string path) => Path = path;

    /// <summary>Full path of the folder.</summary>
    public string Path { get; }

    /// <summary>The run id (the folder's name).</summary>
    public string Id => System.IO.Path.GetFileName(Path);

    /// <summary>Path of a file inside the run folder.</summary>
    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>
    /// Creates a new run folder named after <paramref name="now"/> (with -2, -3, ... when that name is taken, also by a
    /// run started in the same second by another process) and points runs/latest at it.
    /// </summary>
    public static RunFolder Create(string runsRoot, DateTime now)
    {
        CheckRoot(runsRoot);
        string stamp = now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        for (int n = 1; ; n++)
        {
            string path = System.IO.Path.Combine(runsRoot, n == 1 ? stamp : $"{stamp}-{n}");
            if (ExclusiveFolder.TryCreate(path))
            {
                var run = new RunFolder(System.IO.Path.GetFullPath(path));
                run.MarkLatest(runsRoot);
                return run;
            }
        }
    }

    /// <summary>Creates the run folder <paramref name="path"/> itself, which must not exist yet (runs/latest is left alone).</summary>
    public static RunFolder CreateAt(string path)
    {
        string? parent = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
        if (parent is not null)
        {
            Directory.CreateDirectory(parent);
        }

        return ExclusiveFolder.TryCreate(path)
            ? new RunFolder(System.IO.Path.GetFullPath(path))
            : throw new ArgumentException($"--out '{path}' already exists; name a new folder, so no earlier run is overwritten.");
    }

    /// <summary>Opens an existing run folder (for --resume); a link such as runs/latest is followed.</summary>
    public static RunFolder Open(string path)
    {
        var info = new DirectoryInfo(path);
        if (!info.Exists)
        {
            throw new DirectoryNotFoundException(System.IO.File.Exists(path) ? $"'{path}' is a file; --resume takes a run folder (runs/<id>)." : $"Run folder '{path}' does not exist.");
        }

        string target = info.LinkTarget is null ? info.FullName : (info.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? info.FullName);
        return new RunFolder(target);
    }

    /// <summary>
    /// Deletes what a killed writer left half-written (AtomicFile's hidden temporary files), before a resumed run writes
    /// here again; the files they were meant to replace are whole, by construction.
    /// </summary>
    public void RemoveStaleTemporaryFiles()
    {
        foreach (string file in Directory.EnumerateFiles(Path, ".*.tmp*"))
        {
            System.IO.File.Delete(file);
        }
    }

    /// <summary>Points runs/latest at this run with a relative symbolic link, replaced atomically (never missing, never half-made).</summary>
    public void MarkLatest(string runsRoot) => AtomicFile.ReplaceSymbolicLink(System.IO.Path.Combine(runsRoot, LatestName), Id);

    private static void CheckRoot(string runsRoot)
    {
        if (System.IO.File.Exists(runsRoot))
        {
            throw new ArgumentException($"--runs '{runsRoot}' is a file; it must name a folder (created if missing).");
        }

        Directory.CreateDirectory(runsRoot);
    }
}
