using System.Diagnostics;

namespace AlexNetMl.Contract.Programs;

/// <summary>Runs another program to completion and returns its exit code and output (stdout, then stderr).</summary>
public static class ChildProgram
{
    /// <summary>
    /// Runs <paramref name="program"/> (a path, or a name found on PATH) with <paramref name="arguments"/> and extra
    /// <paramref name="environment"/> variables; kills it and its children after <paramref name="timeout"/>.
    /// </summary>
    /// <exception cref="TimeoutException">It ran past <paramref name="timeout"/>.</exception>
    public static (int ExitCode, string Output) Run(string program, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment, TimeSpan timeout, string? workingDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (workingDirectory is not null)
        {
            start.WorkingDirectory = workingDirectory;
        }

        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach ((string key, string value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        using Process process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start.");
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', start.ArgumentList)} ran past {timeout}.");
        }

        return (process.ExitCode, output.Result + error.Result);
    }
}
