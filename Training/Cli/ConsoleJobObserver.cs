using AlexNetMl.Pipeline.Evaluation;
using AlexNetMl.Training.Fitting;
using AlexNetMl.Training.Reports;
using AlexNetMl.Training.Steps;
using Spectre.Console;

namespace AlexNetMl.Training.Cli;

/// <summary>Shows the main job's steps on the console: lines as they come, training as a live progress display, the evaluation as a table.</summary>
internal sealed class ConsoleJobObserver : IJobObserver
{
    public void Report(string line) => AnsiConsole.MarkupLine(Markup.Escape(line));

    public void Note(string line) => AnsiConsole.MarkupLine($"[yellow]note:[/] {Markup.Escape(line)}");

    public TrainingOutcome ObserveTraining(Trainer trainer, Func<ITrainingObserver, TrainingOutcome> training)
    {
        TrainingOutcome outcome = TrainingOutcome.Completed;
        AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(context => outcome = training(new ConsoleObserver(context, trainer)));
        return outcome;
    }

    public void Evaluated(EvaluationReport report) => ReportConsole.Write(report);
}
