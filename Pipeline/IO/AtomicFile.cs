namespace AlexNetMl.Pipeline.IO;

/// <summary>Writes files through a temporary name and a rename, so readers see the old file or the new one, never half.</summary>
public static class AtomicFile
{
    /// <summary>Writes <paramref name="text"/> to <paramref name="path"/> atomically.</summary>
    public static void WriteAllText(string path, string text)
    {
        string temporary = path + ".tmp";
        File.WriteAllText(temporary, text);
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Lets <paramref name="write"/> fill a temporary file, then renames it to <paramref name="path"/>.</summary>
    public static void Write(string path, Action<string> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        string temporary = path + ".tmp" + Path.GetExtension(path);
        try
        {
            write(temporary);
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
