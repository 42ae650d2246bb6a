using System.CommandLine;
using AlexNetMl.Export.Onnx;
using AlexNetMl.Export.Torch;
using AlexNetMl.Pipeline.Data;
using AlexNetMl.Pipeline.Scoring;
using AlexNetMl.Training.Training;
using Spectre.Console;

namespace AlexNetMl.Training.Cli;

/// <summary>Exit codes of the training program.</summary>
public static class ExitCodes
{
    /// <summary>Success.</summary>
    public const int Success = 0;

    /// <summary>A run failed (diverged, verification failed).</summary>
    public const int Failure = 1;

    /// <summary>Bad arguments or unusable input files.</summary>
    public const int BadInput = 2;

    /// <summary>The native runtime (libtorch) is unavailable.</summary>
    public const int Environment = 3;

    /// <summary>Interrupted by Ctrl+C after saving a checkpoint.</summary>
    public const int Interrupted = 130;
}

/// <summary>
/// The command line: <c>train</c> (the default), <c>summary</c>, <c>export</c> and <c>evaluate</c>.
/// User errors print one line and exit 2; they never print a stack trace.
/// </summary>
public static class TrainingCli
{
    /// <summary>Parses and runs; returns the process exit code.</summary>
    public static int Run(string[] args)
    {
        var root = new RootCommand("Trains the AlexNet of Dive into Deep Learning on Fashion-MNIST, exports it to ONNX and evaluates it with ML.NET.");
        TrainCommand.Configure(root);
        root.Subcommands.Add(SummaryCommand.Create());
        root.Subcommands.Add(ExportCommand.Create());
        root.Subcommands.Add(EvaluateCommand.Create());

        ParseResult parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            return Fail(string.Join(" ", parse.Errors.Select(e => e.Message)), ExitCodes.BadInput);
        }

        return parse.Invoke();
    }

    /// <summary>Runs <paramref name="action"/>, turning user-facing exceptions into one red line and an exit code.</summary>
    internal static int Guarded(Func<int> action)
    {
        try
        {
            return action();
        }
        catch (TorchUnavailableException e)
        {
            return Fail(e.Message, ExitCodes.Environment);
        }
        catch (Exception e) when (e is ArgumentException or UnsupportedModuleException or OnnxModelException or IdxFormatException or DirectoryNotFoundException or FileNotFoundException or CheckpointException or UnauthorizedAccessException)
        {
            return Fail(e.Message, ExitCodes.BadInput);
        }
        catch (DivergedException e)
        {
            return Fail(e.Message, ExitCodes.Failure);
        }
    }

    internal static int Fail(string message, int exitCode)
    {
        AnsiConsole.Console.MarkupLine($"[red]error:[/] {Markup.Escape(message)}");
        return exitCode;
    }
}
