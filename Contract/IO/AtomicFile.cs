using System.Runtime.InteropServices;

namespace AlexNetMl.Contract.IO;

/// <summary>
/// Writes every output file of the project with one set of guarantees: a reader sees the old file or the whole new one,
/// never part of one, and a crash or power loss after the call returns cannot lose the new one.
/// </summary>
/// <remarks>
/// The content goes to a temporary file with a unique name in the same folder (concurrent writers never collide), is
/// flushed to disk (fsync), and is renamed over the target (atomic on POSIX and NTFS); the folder is then fsynced so
/// the rename itself is durable. On any failure the temporary file is deleted and the target is left as it was.
/// </remarks>
public static class AtomicFile
{
    /// <summary>Writes <paramref name="text"/> (UTF-8) to <paramref name="path"/>.</summary>
    public static void WriteAllText(string path, string text) =>
        Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, leaveOpen: true);
            writer.Write(text);
        });

    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/>.</summary>
    public static void WriteAllBytes(string path, byte[] bytes) => Write(path, stream => stream.Write(bytes));

    /// <summary>Lets <paramref name="write"/> fill a new file through a stream, then moves it to <paramref name="path"/>.</summary>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        WriteFile(path, temporary =>
        {
            using var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1 << 16);
            write(stream);
            stream.Flush(flushToDisk: true);
        });
    }

    /// <summary>
    /// For libraries that only write to a path (ML.NET's <c>Model.Save</c>, a plot's <c>SavePng</c>): lets
    /// <paramref name="write"/> create the file at the temporary path it is given, which keeps <paramref name="path"/>'s
    /// extension, then flushes it to disk and moves it into place.
    /// </summary>
    public static void WriteVia(string path, Action<string> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        WriteFile(path, temporary =>
        {
            write(temporary);
            using var stream = new FileStream(temporary, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
            stream.Flush(flushToDisk: true);
        });
    }

    /// <summary>
    /// Points the symbolic link <paramref name="linkPath"/> at <paramref name="target"/> atomically: a new link is made
    /// under a temporary name and renamed over the old one, so the link never goes missing.
    /// </summary>
    public static void ReplaceSymbolicLink(string linkPath, string target)
    {
        if (OperatingSystem.IsWindows())
        {
            // Windows has no rename over an existing link to a folder; replace it in two steps.
            File.Delete(linkPath);
            Directory.CreateSymbolicLink(linkPath, target);
            return;
        }

        string temporary = TemporaryPath(linkPath);
        try
        {
            File.CreateSymbolicLink(temporary, target);
            // File.Move follows a link to a folder and fails; rename(2) moves the link itself.
            if (Posix.rename(temporary, Path.GetFullPath(linkPath)) != 0)
            {
                throw new IOException($"Cannot point '{linkPath}' at '{target}' (error {Marshal.GetLastPInvokeError()}).");
            }

            SyncDirectory(Path.GetDirectoryName(Path.GetFullPath(linkPath))!);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    /// <summary>A temporary name beside <paramref name="path"/>: hidden, unique, with the same extension.</summary>
    public static string TemporaryPath(string path)
    {
        string full = Path.GetFullPath(path);
        return Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp{Path.GetExtension(full)}");
    }

    private static void WriteFile(string path, Action<string> fill)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string temporary = TemporaryPath(path);
        try
        {
            fill(temporary);
            Rename(temporary, path);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }

        SyncDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
    }

    private static void Rename(string temporary, string path)
    {
        if (Directory.Exists(path) && new DirectoryInfo(path).LinkTarget is null)
        {
            throw new IOException($"Cannot write '{path}': a folder of that name is in the way.");
        }

        // File.Move over an existing file is rename(2) on Unix and MoveFileEx(REPLACE_EXISTING) on Windows; both
        // replace a symbolic link itself rather than its target.
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>fsyncs <paramref name="directory"/> so that a rename in it survives a crash (POSIX; NTFS journals renames itself).</summary>
    private static void SyncDirectory(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        int descriptor = Posix.open(directory, Posix.ReadOnly);
        if (descriptor < 0)
        {
            return;
        }

        try
        {
            _ = Posix.fsync(descriptor);
        }
        finally
        {
            _ = Posix.close(descriptor);
        }
    }

    private static class Posix
    {
        public const int ReadOnly = 0;

        [DllImport("libc", SetLastError = true)]
        public static extern int open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

        [DllImport("libc", SetLastError = true)]
        public static extern int fsync(int descriptor);

        [DllImport("libc", SetLastError = true)]
        public static extern int close(int descriptor);

        [DllImport("libc", SetLastError = true)]
        public static extern int rename([MarshalAs(UnmanagedType.LPUTF8Str)] string from, [MarshalAs(UnmanagedType.LPUTF8Str)] string to);
    }
}
