using System.Globalization;

namespace AlexNetMl.Training.Runs;

/// <summary>A run's output folder, runs/&lt;yyyyMMdd-HHmmss&gt;/, and the runs/latest link to it.</summary>
public sealed class RunFolder
{
    /// <summary>Name of the link that points at the newest run.</summary>
    public const string LatestName = "latest";

    private RunFolder(string path) => Path = path;

    /// <summary>Full path of the folder.</summary>
    public string Path { get; }

    /// <summary>The run id (the folder's name).</summary>
    public string Id => System.IO.Path.GetFileName(Path);

    /// <summary>Path of a file inside the run folder.</summary>
    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Creates a new run folder named after the current time and points runs/latest at it.</summary>
    public static RunFolder Create(string runsRoot, DateTime now)
    {
        Directory.CreateDirectory(runsRoot);
        string stamp = now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        string path = System.IO.Path.Combine(runsRoot, stamp);
        for (int n = 2; Directory.Exists(path); n++)
        {
            path = System.IO.Path.Combine(runsRoot, $"{stamp}-{n}");
        }

        Directory.CreateDirectory(path);
        var run = new RunFolder(System.IO.Path.GetFullPath(path));
        run.MarkLatest(runsRoot);
        return run;
    }

    /// <summary>Opens an existing run folder (for --resume); a link such as runs/latest is followed.</summary>
    public static RunFolder Open(string path)
    {
        var info = new DirectoryInfo(path);
        if (!info.Exists)
        {
            throw new DirectoryNotFoundException($"Run folder '{path}' does not exist.");
        }

        string target = info.LinkTarget is null ? info.FullName : (info.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? info.FullName);
        return new RunFolder(target);
    }

    /// <summary>Points runs/latest at this run with a relative symbolic link.</summary>
    public void MarkLatest(string runsRoot)
    {
        string link = System.IO.Path.Combine(runsRoot, LatestName);
        var existing = new FileInfo(link);
        if (existing.LinkTarget is not null || existing.Exists)
        {
            existing.Delete();
        }

        System.IO.File.CreateSymbolicLink(link, Id);
    }
}
