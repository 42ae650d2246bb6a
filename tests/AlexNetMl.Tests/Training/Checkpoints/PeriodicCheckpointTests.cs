using AlexNetMl.Contract.Model;
using AlexNetMl.Contract.Runs;
using AlexNetMl.Tests.Infrastructure;
using AlexNetMl.Training.Checkpoints;
using AlexNetMl.Training.Fitting;
using static TorchSharp.torch;

namespace AlexNetMl.Tests.Training.Checkpoints;

[TestClass]
public sealed class PeriodicCheckpointTests
{
    [TestMethod]
    public void Trainer_WritesACheckpointEveryIntervalOfTrainingAndAtEpochEnds()
    {
        // Each step "takes" one minute on the injected clock; with a 5-minute interval the trainer must checkpoint after
        // steps 5 and 10 of the 12-step epoch, and at its end, without the test waiting for anything.
        using TempFolder temp = TestPaths.NewTempFolder();
        var clock = new ManualClock();
        var observer = new CheckpointLog(clock);
        var config = new TrainingConfig { Model = ModelKind.LeNet, Epochs = 1, BatchSize = 8, TrainLimit = 96, ValidationLimit = 8, LearningRate = 0.1 };
        using var trainer = new Trainer(config, SharedData.Train, SharedData.Test, CPU, observer, new CheckpointSchedule(TimeSpan.FromMinutes(5), clock));

        trainer.Run(temp.File("c.bin"), CancellationToken.None);

        CollectionAssert.AreEqual(new long[] { 5, 10, 12 }, observer.StepsAtCheckpoint);
    }

    [TestMethod]
    public void Trainer_WithoutAnIntervalCheckpointsAtEpochEndsOnly()
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        var clock = new ManualClock();
        var observer = new CheckpointLog(clock);
        var config = new TrainingConfig { Model = ModelKind.LeNet, Epochs = 2, BatchSize = 8, TrainLimit = 48, ValidationLimit = 8 };
        using var trainer = new Trainer(config, SharedData.Train, SharedData.Test, CPU, observer, new CheckpointSchedule(TimeSpan.Zero, clock));
        trainer.Run(temp.File("c.bin"), CancellationToken.None);
        CollectionAssert.AreEqual(new long[] { 6, 12 }, observer.StepsAtCheckpoint);
    }

    private sealed class CheckpointLog(ManualClock clock) : ITrainingObserver
    {
        private long _steps;

        public List<long> StepsAtCheckpoint { get; } = [];

        public void OnStep(StepProgress progress)
        {
            _steps = progress.StepsDone;
            clock.Advance(TimeSpan.FromMinutes(1));
        }

        public void OnEpoch(EpochRecord record, int epochs)
        {
        }

        public void OnCheckpoint(string path, double seconds) => StepsAtCheckpoint.Add(_steps);
    }
}
