using AlexNetMl.Contract.Runs;
using AlexNetMl.Training.Exercises;
using AlexNetMl.Training.Fitting;

namespace AlexNetMl.Tests.Training.Exercises;

[TestClass]
public sealed class ExerciseVerdictsTests
{
    // Regression: a run that measured 7.62 GB at batch 16 and 2.75 GB at batch 32 still wrote "Memory grows with the batch".
    [TestMethod]
    public void MemoryVerdict_SaysMemoryGrows_OnlyWhenPeakRssRisesWithTheBatch()
    {
        string rising = ExerciseVerdicts.MemoryVerdict([Run(16, 2.30e9), Run(32, 2.38e9), Run(64, 2.44e9)]);
        string dipping = ExerciseVerdicts.MemoryVerdict([Run(16, 7.62e9), Run(32, 2.75e9), Run(64, 4.32e9)]);

        Assert.AreEqual("Memory grows with the batch, since every activation is kept for the backward pass.", rising);
        Assert.DoesNotContain("Memory grows with the batch", dipping);
        StringAssert.Contains(dipping, "batch 16 peaked at 7.62 GB, above batch 32's 2.75 GB");
        StringAssert.Contains(ExerciseVerdicts.MemoryVerdict([Run(16, null), Run(32, 2.75e9)]), "does not report a peak RSS");
    }

    // Regression: LeNet won 88.16 % to AlexNet's 84.81 %, and the sentence read "LeNet ends more accurate (84.8 % against 88.2 %)".
    [TestMethod]
    public void MoreAccurate_NamesTheWinnersAccuracyFirst()
    {
        RunResult alexnet = Run(32, null, accuracy: 0.8481), lenet = Run(128, null, accuracy: 0.8816);

        Assert.AreEqual("LeNet ends more accurate (88.2 % against 84.8 %)", ExerciseVerdicts.MoreAccurate(alexnet, lenet));
        Assert.AreEqual("AlexNet still ends more accurate (88.2 % against 84.8 %)", ExerciseVerdicts.MoreAccurate(Run(32, null, accuracy: 0.8816), Run(128, null, accuracy: 0.8481)));
    }

    private static RunResult Run(int batch, double? peakBytes, double accuracy = 0.8) =>
        new($"batch {batch}", new TrainingConfig { BatchSize = batch }, 1, 1, 1, 1, new TrainingHistory(), accuracy, 0.5, (long?)peakBytes);
}
