using AlexNetMl.Contract.Model;
using AlexNetMl.Contract.Runs;
using AlexNetMl.Pipeline.Data;
using AlexNetMl.Tests.Infrastructure;
using AlexNetMl.Training.Data;
using AlexNetMl.Training.Fitting;
using static TorchSharp.torch;

namespace AlexNetMl.Tests.Training.Fitting;

[TestClass]
public sealed class TrainerTests
{
    // LeNet: the trainer's logic does not depend on the model, and LeNet trains a hundred times faster than AlexNet.
    private static TrainingConfig Small(int images, int batch = 32, int epochs = 1, double dropout = 0.5, ModelKind model = ModelKind.LeNet) => new()
    {
        Model = model,
        Epochs = epochs,
        BatchSize = batch,
        LearningRate = 0.01,
        Momentum = 0.9,
        Dropout = dropout,
        TrainLimit = images,
        ValidationLimit = 32,
        Seed = 3,
    };

    [TestMethod]
    public void Run_LowersTheLossOn64RealImages()
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        FashionMnistDataset images = SharedData.Train.Take(64);
        using var trainer = new Trainer(Small(64, batch: 16, epochs: 2), images, images, CPU);
        (double before, _) = Validation.Evaluate(trainer.Model, trainer.Spec.Contract, images, 64, CPU);

        trainer.Run(temp.File("c.bin"), CancellationToken.None);

        (double after, _) = Validation.Evaluate(trainer.Model, trainer.Spec.Contract, images, 64, CPU);
        Assert.IsLessThan(before, after, $"loss on the 64 training images: {before:F5} before, {after:F5} after 8 steps");
    }

    [TestMethod]
    public void Run_Overfits32ImagesToPerfectAccuracy()
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        FashionMnistDataset images = SharedData.Train.Take(32);
        // Validate on the same 32 images and stop at the first epoch that classifies them all (at most 60 epochs).
        using var trainer = new Trainer(Small(32, batch: 8, epochs: 60, dropout: 0, model: ModelKind.AlexNet28) with { ValidationLimit = null }, images, images, CPU);
        using var stop = new CancellationTokenSource();
        trainer.SetObserver(new StopWhenPerfect(stop));
        trainer.Run(temp.File("c.bin"), stop.Token);

        (double _, double accuracy) = Validation.Evaluate(trainer.Model, trainer.Spec.Contract, images, 32, CPU);
        Assert.AreEqual(1.0, accuracy, $"after {trainer.State.History.Epochs.Count} epochs; losses: {string.Join(", ", trainer.State.History.Epochs.Select(e => e.TrainLoss.ToString("F3")))}");
    }

    [TestMethod]
    public void Run_KeepsTheLiveTensorCountFlatAcrossBatches()
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        var counter = new LiveTensorCounter();
        using var trainer = new Trainer(Small(160, batch: 16, epochs: 1), SharedData.Train, SharedData.Test, CPU, counter);
        trainer.Run(temp.File("c.bin"), CancellationToken.None);

        Assert.HasCount(10, counter.LiveTensors);
        CollectionAssert.AreEqual(Enumerable.Repeat(counter.LiveTensors[1], 9).ToArray(), counter.LiveTensors.Skip(1).ToArray(), string.Join(", ", counter.LiveTensors));
        long growth = counter.ResidentBytes[^1] - counter.ResidentBytes[2];
        Assert.IsLessThan(64L << 20, growth, $"RSS grew {growth:N0} bytes over 7 batches");
    }

    [TestMethod]
    public void Run_WithTheSameSeedGivesTheSameLosses()
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        double[] First()
        {
            using var trainer = new Trainer(Small(64), SharedData.Train, SharedData.Test, CPU);
            trainer.Run(temp.File(Guid.NewGuid() + ".bin"), CancellationToken.None);
            return [.. trainer.State.History.TrainLossPoints.Select(p => p.TrainLoss), trainer.State.History.Epochs[0].ValidationLoss];
        }

        CollectionAssert.AreEqual(First(), First());
    }

    [TestMethod]
    public void EpochOrder_IsTheSameInEveryProcess_RegressionForAPerProcessHashSeed()
    {
        // The shuffle seed once came from HashCode.Combine, which .NET randomises per process: a run resumed in a new
        // process then saw other images than the run it continued. These are the first indices of epoch 1 for seed 42,
        // as every process must draw them.
        int[] order = new EpochSampler(60_000, seed: 42).Slice(0, 60_000);
        CollectionAssert.AreEqual(PinnedFirstIndices, order[..6]);
    }

    // With the cosine schedule, so that resuming must also restore the learning rate's position.
    [TestMethod]
    public void Resume_AfterAnInterruptionEqualsTheUninterruptedRun() =>
        AssertResumedEqualsUninterrupted(Small(64, epochs: 2) with { LrSchedule = LrSchedule.Cosine, WarmupFraction = 0.2, Nesterov = true, Augment = true });

    // AdamW's state (two moments and a step count per weight) must round-trip through the checkpoint as SGD's momentum does.
    [TestMethod]
    public void Resume_WithAdamW_EqualsTheUninterruptedRun() =>
        AssertResumedEqualsUninterrupted(Small(64, epochs: 2) with { Optimizer = TrainingOptimizer.AdamW, LearningRate = 1e-3, LrSchedule = LrSchedule.Cosine, WeightDecay = 1e-4 });

    private static void AssertResumedEqualsUninterrupted(TrainingConfig config)
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        using var straight = new Trainer(config, SharedData.Train, SharedData.Test, CPU);
        Assert.AreEqual(TrainingOutcome.Completed, straight.Run(temp.File("straight.bin"), CancellationToken.None));

        string checkpoint = temp.File("interrupted.bin");
        using (var interrupted = new Trainer(config, SharedData.Train, SharedData.Test, CPU))
        {
            using var stop = new CancellationTokenSource();
            stop.Cancel();
            Assert.AreEqual(TrainingOutcome.Interrupted, interrupted.Run(checkpoint, stop.Token), "stops after the first batch");
            Assert.AreEqual(1, interrupted.State.BatchesDone);
        }

        using var resumed = new Trainer(config, SharedData.Train, SharedData.Test, CPU);
        resumed.Resume(checkpoint);
        Assert.AreEqual(TrainingOutcome.Completed, resumed.Run(checkpoint, CancellationToken.None));

        CollectionAssert.AreEqual(straight.State.History.Epochs.Select(e => (e.TrainLoss, e.ValidationLoss, e.ValidationAccuracy)).ToArray(), resumed.State.History.Epochs.Select(e => (e.TrainLoss, e.ValidationLoss, e.ValidationAccuracy)).ToArray());
        foreach ((var a, var b) in straight.Model.parameters().Zip(resumed.Model.parameters()))
        {
            Assert.IsTrue(a.allclose(b, rtol: 0, atol: 0), "weights differ after resuming");
        }
    }

    [TestMethod]
    public void Run_StopsOnANonFiniteLossNamingWhereAndKeepsTheLastCheckpoint()
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        string checkpoint = temp.File("c.bin");
        File.WriteAllText(checkpoint, "last good");
        using var trainer = new Trainer(Small(128, model: ModelKind.AlexNet28) with { LearningRate = 1e12, Momentum = 0 }, SharedData.Train, SharedData.Test, CPU);
        var error = Assert.ThrowsExactly<DivergedException>(() => trainer.Run(checkpoint, CancellationToken.None));
        StringAssert.Matches(error.Message, new System.Text.RegularExpressions.Regex("became (NaN|-?Infinity|∞|-∞) at epoch 1, batch [0-9]+ \\(learning rate 1000000000000\\)"));
        Assert.AreEqual("last good", File.ReadAllText(checkpoint));
    }

    [TestMethod]
    public void MixedPrecision_TrainsWithFp32MasterWeights()
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        FashionMnistDataset images = SharedData.Train.Take(64);
        using var trainer = new Trainer(Small(64, batch: 16, epochs: 2, model: ModelKind.AlexNet28) with { Precision = TrainingPrecision.Bf16 }, images, images, CPU);
        (double before, _) = Validation.Evaluate(trainer.Model, trainer.Spec.Contract, images, 64, CPU);

        trainer.Run(temp.File("c.bin"), CancellationToken.None);

        Assert.IsTrue(trainer.Model.parameters().All(p => p.dtype == ScalarType.Float32), "master weights stay fp32");
        (double after, _) = Validation.Evaluate(trainer.Model, trainer.Spec.Contract, images, 64, CPU);
        Assert.IsLessThan(before, after, $"loss on the 64 training images: {before:F5} before, {after:F5} after 8 bf16 steps");
    }

    // The first indices of seed 42's first pass, as every process must draw them (System.Random's sequence for a given
    // seed is fixed across processes and runtimes; HashCode.Combine's is not).
    private static readonly int[] PinnedFirstIndices = [16212, 1217, 8375, 45000, 36893, 25477];

    private sealed class StopWhenPerfect(CancellationTokenSource stop) : ITrainingObserver
    {
        public void OnStep(StepProgress progress)
        {
        }

        public void OnEpoch(EpochRecord record, int epochs)
        {
            if (record.ValidationAccuracy >= 1.0)
            {
                stop.Cancel();
            }
        }
    }

    private sealed class LiveTensorCounter : ITrainingObserver
    {
        public List<long> LiveTensors { get; } = [];

        public List<long> ResidentBytes { get; } = [];

        public void OnStep(StepProgress progress)
        {
            LiveTensors.Add(TorchSharp.DisposeScopeManager.Statistics.ThreadTotalLiveCount);
            ResidentBytes.Add(System.Diagnostics.Process.GetCurrentProcess().WorkingSet64);
        }

        public void OnEpoch(EpochRecord record, int epochs)
        {
        }
    }
}
