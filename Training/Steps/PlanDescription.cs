using AlexNetMl.Contract.Runs;
using AlexNetMl.Training.Planning;

namespace AlexNetMl.Training.Steps;

/// <summary>A plan (or a fixed run's estimate) in one line, every figure from measurement.</summary>
public static class PlanDescription
{
    /// <summary>The line printed before training.</summary>
    public static string Line(TrainingPlan plan, DateTime jobStart)
    {
        ArgumentNullException.ThrowIfNull(plan);
        MachineRates rates = plan.Rates;
        string evaluation = plan.EvaluationImages > 0 ? $", evaluation of {plan.EvaluationImages:N0} images ~{Durations.Format(plan.EvaluationSeconds)}" : string.Empty;
        string what = plan.BudgetSeconds is null ? "this run" : plan.Capped ? "plan (the book's full run fits)" : "plan";
        string budget = plan.BudgetSeconds is { } seconds
            ? $" (budget {Durations.Format(seconds)}, margin {plan.SafetyMargin:P0} of the time left: {Durations.Format(plan.SafetyMargin * (seconds - plan.ElapsedSeconds))}, " +
              $"from the warm-up's spread of {rates.RateSpread:P1}; re-planned as training measures its rate)"
            : string.Empty;
        return $"this machine: {rates.TrainImagesPerSecond:F1} images/s training ({rates.Description}), {rates.EvaluationImagesPerSecond:F1} images/s ML.NET scoring; " +
               $"{what}: {plan.TrainingImages:N0} training images ({plan.Epochs} {(plan.Epochs == 1 ? "epoch" : "epochs")} of {plan.ImagesPerEpoch:N0}) in {Durations.Format(plan.TrainingSeconds)}, " +
               $"validation ~{Durations.Format(plan.ValidationSeconds)}, checkpoints ~{Durations.Format(plan.CheckpointSeconds)}, export ~{Durations.Format(plan.ExportSeconds)}{evaluation}; " +
               $"expected finish {jobStart.AddSeconds(plan.TotalSeconds):HH:mm}{budget}";
    }
}
