using System.ComponentModel;
using System.Diagnostics;

namespace AlexNetMl.Tests.Infrastructure;

/// <summary>Runs a command of the machine (mount, umount) that a test needs and may not be allowed.</summary>
internal static class SystemCommand
{
    /// <summary>Runs <paramref name="file"/> with <paramref name="arguments"/>; whether it started and exited 0 within a minute.</summary>
    public static bool TryRun(string file, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            using Process process = Process.Start(start)!;
            process.StandardOutput.ReadToEnd();
            process.StandardError.ReadToEnd();
            return process.WaitForExit(TimeSpan.FromMinutes(1)) && process.ExitCode == 0;
        }
        catch (Win32Exception)
        {
            return false;
        }
    }
}
