using System.CommandLine;
using AlexNetMl.Contract.Programs;
using AlexNetMl.Export.Libtorch;
using AlexNetMl.Pipeline.Data;
using AlexNetMl.Training.Exercises;
using Spectre.Console;

namespace AlexNetMl.Training.Cli;

/// <summary><c>exercises [--quick] [--out docs/exercises.md]</c>: runs the experiments that answer the chapter's exercises.</summary>
internal static class ExercisesCommand
{
    public static Command Create(ProgramShell shell)
    {
        var quick = new Option<bool>("--quick") { Description = "Every experiment tiny: checks the harness in seconds (the numbers mean nothing)." };
        var output = new Option<string>("--out") { Description = "The markdown file to write (plots go to a folder beside it).", DefaultValueFactory = _ => Path.Combine("docs", "exercises.md") };
        var data = new Option<string?>("--data") { Description = "Fashion-MNIST directory." };
        var modelBudget = CliOptions.Duration("--model-budget", $"Training time of each AlexNet-style model and of LeNet in exercise 3, e.g. 5m (default {ExerciseSettings.Full.ModelBudget.TotalMinutes:0}m).");
        var lenetBudget = CliOptions.Duration("--lenet-budget", $"Training time of each LeNet variant in exercise 6 (default {ExerciseSettings.Full.LeNetBudget.TotalMinutes:0}m).");
        var command = new Command("exercises", "Answer the AlexNet chapter's six exercises with experiments run here (about 75 minutes on 2 cores) and write docs/exercises.md.") { quick, output, data, modelBudget, lenetBudget };
        command.SetAction(parse => TrainingCli.Guarded(shell, () =>
        {
            string directory = FashionMnistFiles.ResolveDirectory(parse.GetValue(data));
            string markdown = parse.GetValue(output)!;
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(markdown))!);
            TorchRuntime.EnsureAvailable();
            ExerciseSettings settings = parse.GetValue(quick) ? ExerciseSettings.QuickRun : ExerciseSettings.Full;
            settings = settings with
            {
                ModelBudget = Budget(parse, modelBudget, settings.ModelBudget),
                LeNetBudget = Budget(parse, lenetBudget, settings.LeNetBudget),
                CommandLine = string.Join(' ', parse.Tokens.Select(token => token.Value)),
            };
            var book = new ExerciseBook(
                settings,
                FashionMnistDataset.Load(directory, FashionMnistSplit.Train),
                FashionMnistDataset.Load(directory, FashionMnistSplit.Test),
                TorchRuntime.ResolveDevice(Contract.Settings.ComputeDevice.Auto),
                line => AnsiConsole.MarkupLine(Markup.Escape(line)));
            book.Write(markdown);
            AnsiConsole.MarkupLine(Markup.Escape($"Wrote {markdown}."));
            return ExitCodes.Success;
        }));
        return command;
    }

    // The option's value when given, else the settings' own. 'none' parses to zero, which means nothing for a training budget.
    private static TimeSpan Budget(ParseResult parse, Option<TimeSpan> option, TimeSpan otherwise)
    {
        if (parse.GetResult(option) is null)
        {
            return otherwise;
        }

        TimeSpan value = parse.GetValue(option);
        return value > TimeSpan.Zero ? value : throw new ArgumentException($"{option.Name} must be a duration such as 5m or 90s; a budget of none trains nothing.");
    }
}
