using System.Globalization;
using AlexNetMl.Contract.IO;

namespace AlexNetMl.Contract.Programs;

/// <summary>
/// Runs a command's body and turns whatever escapes it into one line on stderr and an exit code: user errors
/// (<see cref="BadInputException"/>, argument, file and access errors) exit 2; anything else is an internal error that
/// exits 70 after writing the whole exception to a log file, which the line names. No stack trace reaches the user
/// unless <see cref="Verbose"/> asks for it.
/// </summary>
public sealed class ProgramShell
{
    private readonly string _program;
    private readonly TextWriter _error;

    /// <summary>Creates the shell of <paramref name="program"/>; errors go to <paramref name="error"/> (default: stderr).</summary>
    public ProgramShell(string program, TextWriter? error = null)
    {
        _program = program;
        _error = error ?? Console.Error;
    }

    /// <summary>Print internal errors in full on stderr too (<c>--verbose</c>).</summary>
    public bool Verbose { get; set; }

    /// <summary>
    /// Where an internal error is logged: a command sets it once it has a run folder (runs/&lt;id&gt;/error.log); until
    /// then a new file in the temp folder is used.
    /// </summary>
    public string? ErrorLogPath { get; set; }

    /// <summary>Runs <paramref name="body"/> and returns its exit code, or the code of what it threw.</summary>
    public int Run(Func<int> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        try
        {
            return body();
        }
        catch (Exception e) when (StorageFaults.IsStorageFault(e))
        {
            return Fail($"{e.Message}. {StorageFaults.Advice(e)}", ExitCodes.BadInput);
        }
        catch (Exception e) when (IsUserError(e))
        {
            return Fail(e.Message, ExitCodes.BadInput);
        }
        catch (Exception e)
        {
            return Crash(e);
        }
    }

    /// <summary>Prints <paramref name="message"/> as one error line on stderr and returns <paramref name="exitCode"/>.</summary>
    public int Fail(string message, int exitCode)
    {
        ArgumentNullException.ThrowIfNull(message);
        _error.WriteLine($"error: {TerminalText.Clean(message)}");
        return exitCode;
    }

    /// <summary>Whether <paramref name="e"/> is the user's to fix (exit 2) rather than a bug (exit 70).</summary>
    public static bool IsUserError(Exception e) =>
        StorageFaults.IsStorageFault(e) || e is BadInputException or ArgumentException or FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException or PathTooLongException;

    private int Crash(Exception e)
    {
        string log = ErrorLogPath ?? Path.Combine(Path.GetTempPath(), $"{_program}-{DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}-{Environment.ProcessId}.log");
        string where;
        try
        {
            File.AppendAllText(log, $"{DateTime.UtcNow:O} {_program} {Environment.CommandLine}{Environment.NewLine}{e}{Environment.NewLine}");
            where = $"details in {log}";
        }
        catch (Exception logFailure) when (logFailure is IOException or UnauthorizedAccessException)
        {
            where = $"the log file {log} could not be written ({logFailure.Message})";
        }

        _error.WriteLine($"error: internal error ({TerminalText.Clean(e.GetType().Name)}: {TerminalText.Clean(TerminalText.FirstLine(e.Message))}); {where}. Please report it.");
        if (Verbose)
        {
            _error.WriteLine(e.ToString());
        }

        return ExitCodes.InternalError;
    }

}
