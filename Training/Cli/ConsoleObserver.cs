using AlexNetMl.Contract.Runs;
using AlexNetMl.Training.Fitting;
using AlexNetMl.Training.Planning;
using Spectre.Console;

namespace AlexNetMl.Training.Cli;

/// <summary>
/// Shows training in a Spectre.Console progress display with the whole job's expected finish (training left at the
/// speed measured so far, plus the validations, export and evaluation still to come), prints one line per epoch and
/// one per re-plan (a budgeted run follows the machine's speed instead of overrunning its budget).
/// </summary>
internal sealed class ConsoleObserver : ITrainingObserver
{
    private const int StepsBeforeJudging = 10;
    private readonly ProgressTask _task;
    private readonly TrainingConfig _config;
    private readonly TrainingPlan? _plan;

    public ConsoleObserver(ProgressContext context, Trainer trainer)
    {
        TrainingConfig config = trainer.Config;
        _task = context.AddTask("starting", maxValue: trainer.TotalSteps);
        _task.Value = trainer.StepsDone;
        _config = config;
        _plan = config.Plan;
    }

    public void OnStep(StepProgress progress)
    {
        _task.MaxValue = progress.TotalSteps;
        _task.Value = progress.StepsDone;
        string finish = _plan is not null && progress.Batch >= StepsBeforeJudging ? $", job done ~{ExpectedFinish(progress):HH:mm}" : string.Empty;
        _task.Description = $"epoch {progress.Epoch}/{progress.Epochs} batch {progress.Batch}/{progress.Batches} loss {progress.RunningLoss:F4} {progress.ImagesPerSecond:F1} img/s{finish}";
    }

    public void OnEpoch(EpochRecord record, int epochs) =>
        AnsiConsole.MarkupLine(
            $"epoch {record.Epoch}/{epochs}: train loss {record.TrainLoss:F4}, val loss {record.ValidationLoss:F4}, " +
            $"val acc {record.ValidationAccuracy:P2}, {record.Seconds:F0} s, {record.ImagesPerSecond:F1} img/s");

    public void OnReplan(Replan replan) =>
        AnsiConsole.MarkupLine(Markup.Escape(
            $"re-plan at {Durations.Format(replan.JobSeconds)}: {replan.OldImages:N0} → {replan.NewImages:N0} training images ({replan.Reason})."));

    private DateTime ExpectedFinish(StepProgress progress)
    {
        TrainingPlan plan = _plan!;
        double trainingLeft = (progress.TotalSteps - progress.StepsDone) * (double)_config.BatchSize / progress.ImagesPerSecond;
        int epochsLeft = progress.Epochs - progress.Epoch + 1;
        double perEpochFixed = (plan.ValidationSeconds + plan.CheckpointSeconds) / Math.Max(1, plan.Epochs);
        return DateTime.Now.AddSeconds(trainingLeft + (epochsLeft * perEpochFixed) + plan.ExportSeconds + plan.EvaluationSeconds);
    }
}
