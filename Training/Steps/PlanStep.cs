using AlexNetMl.Contract.Runs;
using AlexNetMl.Training.Models;
using AlexNetMl.Training.Planning;

namespace AlexNetMl.Training.Steps;

/// <summary>
/// Plan: measures this machine, then fixes the run's length from the time budget (or, for a run of fixed length,
/// estimates its time), and says so in one line. The plan travels in the returned config.
/// </summary>
public sealed class PlanStep(IJobObserver observer)
{
    /// <summary>Plans the run <paramref name="inputs"/> describe; returns its config with <see cref="TrainingConfig.Plan"/> set.</summary>
    public TrainingConfig Run(PlanInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        TrainingConfig config = inputs.Config;
        observer.Report($"Model: {ModelCatalog.Get(config.Model).Name}. Device: {inputs.Device.type}. Measuring this machine...");
        MachineRates rates = MachineProbe.Measure(config, inputs.Train, inputs.Test, inputs.Device, Path.GetTempPath(), MachineProbe.TimedSecondsFor(inputs.LengthGiven ? null : inputs.Budget));
        PlanRequest request = Request(inputs);
        if (inputs.Budget is null || inputs.LengthGiven)
        {
            if (inputs.Budget is { } budget)
            {
                observer.Note($"--epochs/--train-limit given: the run has the length they set, and the {Durations.Format(budget.TotalSeconds)} time budget is not applied.");
            }

            int perEpoch = Math.Min(config.TrainLimit ?? inputs.Train.Count, inputs.Train.Count);
            TrainingPlan estimate = TrainingPlanner.Estimate(request, rates, config.Epochs, perEpoch);
            observer.Report(PlanDescription.Line(estimate, inputs.JobStart));
            return config with { Plan = estimate };
        }

        TrainingPlan plan = TrainingPlanner.Plan(request, rates);
        observer.Report(PlanDescription.Line(plan, inputs.JobStart));
        return config with { Epochs = plan.Epochs, TrainLimit = plan.ImagesPerEpoch, Plan = plan };
    }

    private static PlanRequest Request(PlanInputs inputs) => new(
        BudgetSeconds: inputs.Budget?.TotalSeconds ?? double.PositiveInfinity,
        ElapsedSeconds: (DateTime.Now - inputs.JobStart).TotalSeconds,
        DatasetSize: inputs.Train.Count,
        BatchSize: inputs.Config.BatchSize,
        MinEpochs: inputs.Config.Epochs,
        MaxImages: TrainingProfiles.CeilingImages(inputs.Train.Count),
        ValidationImages: Math.Min(inputs.Config.ValidationLimit ?? inputs.Test.Count, inputs.Test.Count),
        EvaluationImages: inputs.EvaluationImages,
        CheckpointEverySeconds: inputs.CheckpointEvery.TotalSeconds);
}
