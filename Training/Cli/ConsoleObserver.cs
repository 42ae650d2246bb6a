using AlexNetMl.Training.Training;
using Spectre.Console;

namespace AlexNetMl.Training.Cli;

/// <summary>Shows training in a Spectre.Console progress display and prints one line per epoch.</summary>
internal sealed class ConsoleObserver : ITrainingObserver
{
    private readonly ProgressTask _task;

    public ConsoleObserver(ProgressContext context, int totalSteps, int stepsDone)
    {
        _task = context.AddTask("starting", maxValue: totalSteps);
        _task.Value = stepsDone;
    }

    public void OnStep(StepProgress progress)
    {
        _task.Increment(1);
        _task.Description = $"epoch {progress.Epoch} batch {progress.Batch}/{progress.Batches} loss {progress.RunningLoss:F4} {progress.ImagesPerSecond:F1} img/s";
    }

    public void OnEpoch(EpochRecord record, int epochs) =>
        AnsiConsole.MarkupLine(
            $"epoch {record.Epoch}/{epochs}: train loss {record.TrainLoss:F4}, val loss {record.ValidationLoss:F4}, " +
            $"val acc {record.ValidationAccuracy:P2}, {record.Seconds:F0} s, {record.ImagesPerSecond:F1} img/s");
}
