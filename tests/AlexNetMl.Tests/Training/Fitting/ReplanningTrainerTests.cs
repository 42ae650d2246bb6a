using System.Diagnostics;
using AlexNetMl.Contract.Model;
using AlexNetMl.Contract.Runs;
using AlexNetMl.Tests.Contract.Runs;
using AlexNetMl.Tests.Infrastructure;
using AlexNetMl.Training.Checkpoints;
using AlexNetMl.Training.Fitting;
using AlexNetMl.Training.Steps;
using static TorchSharp.torch;

namespace AlexNetMl.Tests.Training.Fitting;

[TestClass]
public sealed class ReplanningTrainerTests
{
    // 2 epochs of 96 images in batches of 8: 24 steps, planned at 8 images/s (1 s a step) for a 24 s budget with
    // nothing else to pay for, so the re-planner's arithmetic can be followed by hand.
    private static readonly TrainingConfig Config = new()
    {
        Model = ModelKind.LeNet,
        Epochs = 2,
        BatchSize = 8,
        TrainLimit = 96,
        ValidationLimit = 8,
        LearningRate = 0.05,
        Momentum = 0.9,
        LrSchedule = LrSchedule.Cosine,
        Seed = 5,
    };

    private static TrainingPlan PlanOf(double budgetSeconds, double trainImagesPerSecond, double margin) => new()
    {
        BudgetSeconds = budgetSeconds,
        ElapsedSeconds = 0,
        SafetyMargin = margin,
        Rates = new MachineRates(trainImagesPerSecond, 1e9, 1e9, ExportSeconds: 0, CheckpointSeconds: 0, "test"),
        TrainingImages = 192,
        Epochs = 2,
        ImagesPerEpoch = 96,
        TrainingSeconds = 192 / trainImagesPerSecond,
        ValidationSeconds = 0,
        CheckpointSeconds = 0,
        ExportSeconds = 0,
        EvaluationImages = 0,
        EvaluationSeconds = 0,
        Capped = false,
    };

    // Steps 0-3 take 1 s on the injected clock, every later one 2 s: the machine halves its speed after 4 s.
    private static Action<long> SlowsDownAfterStep4(ManualClock clock) => step => clock.Advance(TimeSpan.FromSeconds(step < 4 ? 1 : 2));

    [TestMethod]
    public void ASlowdown_ShortensTheRunToEndOnItsBudget()
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        var clock = new ManualClock();
        using Trainer trainer = NewTrainer(clock, new Replanning(PlanOf(24, 8, margin: 0), TimeSpan.FromSeconds(4), 0));
        trainer.StepHook = SlowsDownAfterStep4(clock);

        Assert.AreEqual(TrainingOutcome.Completed, trainer.Run(temp.File("c.bin"), CancellationToken.None));

        // By hand: the look at 4 s measures the planned 8 images/s and changes nothing; the look at 8 s measures 4/s
        // with 48 images trained and 16 s left: 48 + 64 = 112 images, cut as 56 + 56 (the current epoch keeps its 6
        // trained batches and one more). Those 8 steps left take 16 s: the run ends at exactly 24 s.
        Replan replan = trainer.State.Replans.Single();
        Assert.AreEqual((6L, 192L, 112L, 4.0), (replan.AtStep, replan.OldImages, replan.NewImages, replan.MeasuredImagesPerSecond));
        CollectionAssert.AreEqual(new[] { 56, 56 }, trainer.Layout.ImagesPerEpoch.ToArray());
        Assert.AreEqual(14L, trainer.StepsDone);
        Assert.AreEqual(TimeSpan.FromSeconds(24), clock.Elapsed, "without the re-plan: 4 × 1 s + 20 × 2 s = 44 s");
    }

    [TestMethod]
    public void Resume_ReplaysTheRecordedRePlanAndEqualsTheUninterruptedRun()
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        TrainingPlan plan = PlanOf(24, 8, margin: 0);
        var straightClock = new ManualClock();
        using Trainer straight = NewTrainer(straightClock, new Replanning(plan, TimeSpan.FromSeconds(4), 0));
        straight.StepHook = SlowsDownAfterStep4(straightClock);
        straight.Run(temp.File("straight.bin"), CancellationToken.None);

        // The same run, stopped right after its re-plan (mid-epoch), then resumed in a new trainer.
        string checkpoint = temp.File("interrupted.bin");
        var clock = new ManualClock();
        using (var stop = new CancellationTokenSource())
        using (Trainer interrupted = NewTrainer(clock, new Replanning(plan, TimeSpan.FromSeconds(4), 0), new StopOnReplan(stop)))
        {
            interrupted.StepHook = SlowsDownAfterStep4(clock);
            Assert.AreEqual(TrainingOutcome.Interrupted, interrupted.Run(checkpoint, stop.Token));
        }

        TrainingState saved = Checkpoint.ReadState(checkpoint);
        Assert.AreEqual(1, saved.Replans.Count, "the checkpoint holds the decision");
        Assert.AreEqual(8, saved.JobSeconds, "and the job's seconds when it was written");
        using Trainer resumed = NewTrainer(clock, new Replanning(plan, TimeSpan.FromSeconds(4), saved.JobSeconds));
        resumed.StepHook = SlowsDownAfterStep4(clock);
        resumed.Resume(checkpoint);
        CollectionAssert.AreEqual(new[] { 56, 56 }, resumed.Layout.ImagesPerEpoch.ToArray(), "the recorded re-plan is replayed before training on");
        resumed.Run(checkpoint, CancellationToken.None);

        AssertSameReplan(straight.State.Replans.Single(), resumed.State.Replans.Single());
        foreach ((var a, var b) in straight.Model.parameters().Zip(resumed.Model.parameters()))
        {
            Assert.IsTrue(a.allclose(b, rtol: 0, atol: 0), "weights differ after resuming a re-planned run");
        }
    }

    [TestMethod]
    public void TrainStep_RecordsTheRePlansInTheRunManifest()
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        RunFolder run = RunFolder.CreateAt(temp.File("run"));
        RunManifestFile.Write(run, RunManifestFileTests.Manifest(run, models: null));
        var clock = new ManualClock();
        using Trainer trainer = NewTrainer(clock, new Replanning(PlanOf(24, 8, margin: 0), TimeSpan.FromSeconds(4), 0));
        trainer.StepHook = SlowsDownAfterStep4(clock);

        new TrainStep(new SilentJobObserver()).Run(trainer, run, CancellationToken.None);

        AssertSameReplan(trainer.State.Replans.Single(), RunManifestFile.Read(run).Replans.Single());
    }

    [TestMethod]
    public void AShortRealRunWithAnInjectedSlowdown_EndsWithinItsBudget()
    {
        // On the real clock: each step sleeps 40 ms, then from step 10 on 120 ms (a neighbour took the machine). Planned at
        // the first pace, 120 steps fill the 6 s budget less its 10 % margin; slowed, they would take about 15 s.
        using TempFolder temp = TestPaths.NewTempFolder();
        TrainingConfig config = Config with { TrainLimit = 480 };
        TrainingPlan plan = PlanOf(6, 8 / 0.04, margin: 0.1) with { TrainingImages = 960, ImagesPerEpoch = 480 };
        using var trainer = new Trainer(config, SharedData.Train, SharedData.Test, CPU, checkpoints: new CheckpointSchedule(TimeSpan.Zero, TimeProvider.System), replanning: new Replanning(plan, TimeSpan.FromSeconds(1), 0));
        trainer.StepHook = step => Thread.Sleep(step < 10 ? 40 : 120);
        var watch = Stopwatch.StartNew();

        trainer.Run(temp.File("c.bin"), CancellationToken.None);

        Assert.IsLessThanOrEqualTo(6.0, watch.Elapsed.TotalSeconds, $"re-plans: {string.Join("; ", trainer.State.Replans.Select(r => $"{r.OldImages} → {r.NewImages} at {r.JobSeconds:F1} s"))}");
        Assert.IsLessThan(960L, trainer.Layout.TotalImages, "the slowdown shortened the run");
    }

    private static void AssertSameReplan(Replan expected, Replan actual)
    {
        Assert.AreEqual(expected with { ImagesPerEpoch = [] }, actual with { ImagesPerEpoch = [] });
        CollectionAssert.AreEqual(expected.ImagesPerEpoch.ToArray(), actual.ImagesPerEpoch.ToArray());
    }

    private static Trainer NewTrainer(ManualClock clock, Replanning replanning, ITrainingObserver? observer = null) =>
        new(Config, SharedData.Train, SharedData.Test, CPU, observer, new CheckpointSchedule(TimeSpan.Zero, clock), replanning: replanning);

    private sealed class StopOnReplan(CancellationTokenSource stop) : ITrainingObserver
    {
        public void OnStep(StepProgress progress)
        {
        }

        public void OnEpoch(EpochRecord record, int epochs)
        {
        }

        public void OnReplan(Replan replan) => stop.Cancel();
    }
}
