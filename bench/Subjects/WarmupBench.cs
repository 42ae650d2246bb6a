using AlexNetMl.Contract.Model;
using AlexNetMl.Contract.Runs;
using AlexNetMl.Training.Planning;

namespace AlexNetMl.Bench.Subjects;

/// <summary>
/// The main job's warm-up (<see cref="MachineProbe"/>) twice, back to back on the same machine: its rates must agree
/// within <see cref="Agreement"/>, or the plan it gives depends on when it ran.
/// </summary>
public sealed class WarmupBench : IBenchSubject
{
    /// <summary>Largest relative difference between the two warm-ups' rates.</summary>
    public const double Agreement = 0.05;

    public void Run(BenchContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        TrainingConfig cpu = TrainingProfiles.OnThisMachine(TrainingProfile.Cpu);
        TrainingConfig config = context.Settings.Quick ? cpu with { Model = ModelKind.AlexNet28 } : cpu;
        double timed = MachineProbe.TimedSecondsFor(context.Settings.Quick ? null : TrainingProfiles.CpuTimeBudget);
        MachineRates first = MachineProbe.Measure(config, context.Train, context.Test, context.Device, context.WorkDirectory, timed);
        MachineRates second = MachineProbe.Measure(config, context.Train, context.Test, context.Device, context.WorkDirectory, timed);
        Compare(context, "training", first.TrainImagesPerSecond, second.TrainImagesPerSecond);
        Compare(context, "ML.NET evaluation", first.EvaluationImagesPerSecond, second.EvaluationImagesPerSecond);
        context.Add("warm-up", "rounds' spread, first warm-up (the plan's margin)", first.RateSpread, "fraction");
        context.Add("warm-up", "rounds' spread, second warm-up", second.RateSpread, "fraction");
        context.Note($"Warm-up rows: `MachineProbe.Measure` twice in this process, one after the other, for the cpu profile as the main job runs it here " +
                     $"({first.Description}, batch {config.BatchSize}, model {config.Model}): {MachineProbe.UntimedSteps} untimed training steps, then the median of " +
                     $"at least {MachineProbe.Rounds} rounds of {MachineProbe.StepsPerRound} steps, for at least {timed:F0} s ({MachineProbe.BudgetShareTimed:P1} of the {Durations.Format(TrainingProfiles.CpuTimeBudget.TotalSeconds)} budget); ML.NET's evaluator over the chain on {MachineProbe.UntimedEvaluationImages} images untimed, " +
                     $"then the median of {MachineProbe.Rounds} rounds of {MachineProbe.EvaluationImagesPerRound} images.");
    }

    private static void Compare(BenchContext context, string what, double first, double second)
    {
        double difference = Math.Abs(second - first) / first;
        context.Add("warm-up", $"{what} images/s, first warm-up", first, "images/s");
        context.Add("warm-up", $"{what} images/s, second warm-up", second, "images/s");
        context.Add("warm-up", $"{what}: second warm-up against the first, relative difference", difference, "fraction", $"≤ {Agreement:F2}", difference <= Agreement);
    }
}
