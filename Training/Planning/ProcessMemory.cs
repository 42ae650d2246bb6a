namespace AlexNetMl.Training.Planning;

/// <summary>Peak resident memory of this process (Linux: VmHWM), with a reset between measured phases.</summary>
public static class ProcessMemory
{
    /// <summary>Resets the peak to the current RSS (writes 5 to /proc/self/clear_refs); false where that is not possible.</summary>
    public static bool ResetPeak()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Peak resident set size in bytes since start or the last reset; null off Linux.</summary>
    public static long? PeakBytes() => ReadStatus("VmHWM:");

    /// <summary>Current resident set size in bytes; null off Linux.</summary>
    public static long? CurrentBytes() => ReadStatus("VmRSS:");

    private static long? ReadStatus(string key)
    {
        const string Path = "/proc/self/status";
        if (!File.Exists(Path))
        {
            return null;
        }

        string? line = File.ReadLines(Path).FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal));
        return line is null ? null : long.Parse(line[key.Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) * 1024;
    }
}
