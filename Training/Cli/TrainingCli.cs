using System.CommandLine;
using System.Diagnostics;
using AlexNetMl.Contract.Programs;
using AlexNetMl.Export.Libtorch;
using AlexNetMl.Export.Quantization;
using AlexNetMl.Training.Fitting;

namespace AlexNetMl.Training.Cli;

/// <summary>
/// The command line: <c>train</c> (the default), <c>summary</c>, <c>export</c>, <c>evaluate</c>, <c>exercises</c> and <c>import</c>. User errors print
/// one line on stderr and exit 2; internal errors print one line naming a log file and exit 70; stdout carries results.
/// </summary>
public static class TrainingCli
{
    /// <summary>The program's name, in logs and help.</summary>
    public const string ProgramName = "alexnet-train";

    /// <summary>Parses and runs; returns the process exit code. Errors go to <paramref name="error"/> (default: stderr).</summary>
    /// <param name="args">The command line.</param>
    /// <param name="error">Where error lines go.</param>
    /// <param name="jobStart">When the job started, for its time budget (default: now; the program passes its process start).</param>
    public static int Run(string[] args, TextWriter? error = null, DateTime? jobStart = null)
    {
        var shell = new ProgramShell(ProgramName, error);
        return shell.Invoke(CreateRoot(shell, jobStart ?? DateTime.Now), args);
    }

    /// <summary>The command line: the main job at the root and every subcommand, running in <paramref name="shell"/>.</summary>
    public static RootCommand CreateRoot(ProgramShell shell, DateTime jobStart)
    {
        var root = new RootCommand("Trains the AlexNet of Dive into Deep Learning (or another model of the family) on Fashion-MNIST, exports it to ONNX and evaluates it with ML.NET.");
        TrainCommand.Configure(root, shell, jobStart);
        root.Subcommands.Add(SummaryCommand.Create(shell));
        root.Subcommands.Add(ExportCommand.Create(shell));
        root.Subcommands.Add(EvaluateCommand.Create(shell));
        root.Subcommands.Add(ExercisesCommand.Create(shell));
        root.Subcommands.Add(ImportCommand.Create(shell));
        return root;
    }

    /// <summary>When this process started: the start of a job's time budget (the build of `dotnet run` is not counted).</summary>
    public static DateTime ProcessStart => Process.GetCurrentProcess().StartTime;

    /// <summary>Runs a command body in <paramref name="shell"/>, with this program's own failures mapped to their exit codes.</summary>
    internal static int Guarded(ProgramShell shell, Func<int> body) => shell.Run(() =>
    {
        try
        {
            return body();
        }
        catch (TorchUnavailableException e)
        {
            return shell.Fail(e.Message, ExitCodes.Environment);
        }
        catch (Exception e) when (e is DivergedException or QuantizationVerificationException)
        {
            // Settings under which training diverges, or an int8 model asked for that misses its test: the user's to change.
            return shell.Fail(e.Message, ExitCodes.BadInput);
        }
    });
}
