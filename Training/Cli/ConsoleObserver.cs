using AlexNetMl.Contract.Runs;
using AlexNetMl.Training.Fitting;
using AlexNetMl.Training.Planning;
using Spectre.Console;

namespace AlexNetMl.Training.Cli;

/// <summary>
/// Shows training in a Spectre.Console progress display with the whole job's expected finish (training left at the
/// speed measured so far, plus the validations, export and evaluation still to come), prints one line per epoch, and
/// says once if the measured speed would overrun the budget by more than 10 %.
/// </summary>
internal sealed class ConsoleObserver : ITrainingObserver
{
    /// <summary>How far over budget the projection must go before the warning.</summary>
    public const double OverrunWarning = 1.10;

    private const int StepsBeforeJudging = 10;
    private readonly ProgressTask _task;
    private readonly TrainingConfig _config;
    private readonly TrainingPlan? _plan;
    private readonly DateTime _jobStart;
    private bool _warned;

    public ConsoleObserver(ProgressContext context, Trainer trainer, DateTime jobStart)
    {
        TrainingConfig config = trainer.Config;
        _task = context.AddTask("starting", maxValue: trainer.TotalSteps);
        _task.Value = trainer.StepsDone;
        _config = config;
        _plan = config.Plan;
        _jobStart = jobStart;
    }

    public void OnStep(StepProgress progress)
    {
        _task.Value = progress.StepsDone;
        string finish = string.Empty;
        if (_plan is not null && progress.Batch >= StepsBeforeJudging)
        {
            DateTime expected = ExpectedFinish(progress);
            finish = $", job done ~{expected:HH:mm}";
            WarnOnOverrun(expected);
        }

        _task.Description = $"epoch {progress.Epoch}/{_config.Epochs} batch {progress.Batch}/{progress.Batches} loss {progress.RunningLoss:F4} {progress.ImagesPerSecond:F1} img/s{finish}";
    }

    public void OnEpoch(EpochRecord record, int epochs) =>
        AnsiConsole.MarkupLine(
            $"epoch {record.Epoch}/{epochs}: train loss {record.TrainLoss:F4}, val loss {record.ValidationLoss:F4}, " +
            $"val acc {record.ValidationAccuracy:P2}, {record.Seconds:F0} s, {record.ImagesPerSecond:F1} img/s");

    private DateTime ExpectedFinish(StepProgress progress)
    {
        TrainingPlan plan = _plan!;
        double trainingLeft = (progress.TotalSteps - progress.StepsDone) * (double)_config.BatchSize / progress.ImagesPerSecond;
        int epochsLeft = _config.Epochs - progress.Epoch + 1;
        double perEpochFixed = (plan.ValidationSeconds + plan.CheckpointSeconds) / Math.Max(1, plan.Epochs);
        return DateTime.Now.AddSeconds(trainingLeft + (epochsLeft * perEpochFixed) + plan.ExportSeconds + plan.EvaluationSeconds);
    }

    private void WarnOnOverrun(DateTime expected)
    {
        if (_warned || _plan?.BudgetSeconds is not { } budget)
        {
            return;
        }

        double projected = (expected - _jobStart).TotalSeconds;
        if (projected > budget * OverrunWarning)
        {
            _warned = true;
            AnsiConsole.MarkupLine(Markup.Escape(
                $"warning: training runs slower than planned ({_plan.Rates.TrainImagesPerSecond:F1} images/s measured at start); the job would take " +
                $"{Durations.Format(projected)}, {(projected / budget) - 1:P0} over its {Durations.Format(budget)} budget."));
        }
    }
}
