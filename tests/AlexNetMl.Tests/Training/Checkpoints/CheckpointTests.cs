using AlexNetMl.Contract.Model;
using AlexNetMl.Contract.Runs;
using AlexNetMl.Tests.Infrastructure;
using AlexNetMl.Training.Checkpoints;
using AlexNetMl.Training.Fitting;
using AlexNetMl.Training.Models;
using static TorchSharp.torch;

namespace AlexNetMl.Tests.Training.Checkpoints;

[TestClass]
public sealed class CheckpointTests
{
    private static readonly TrainingConfig Config = new() { Model = ModelKind.LeNet, Epochs = 1, BatchSize = 16, TrainLimit = 16 };

    [TestMethod]
    public void SaveAndLoad_RoundTripWeightsOptimizerStateAndPosition()
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        string path = temp.File("c.bin");
        using var trainer = new Trainer(Config with { Momentum = 0.9 }, SharedData.Train, SharedData.Test, CPU);
        trainer.Run(path, CancellationToken.None);

        using var model = new LeNet();
        using var optimizer = optim.SGD(model.parameters(), 0.01, 0.9);
        TrainingState state = Checkpoint.Load(path, model, optimizer);

        Assert.AreEqual(2, state.Epoch);
        Assert.AreEqual((Config with { Momentum = 0.9 }).Hash(), state.Config.Hash());
        foreach ((var a, var b) in trainer.Model.parameters().Zip(model.parameters()))
        {
            Assert.IsTrue(a.allclose(b, rtol: 0, atol: 0));
        }

        Assert.IsEmpty(Directory.GetFiles(temp.Path, "*.tmp*"), "no temporary file is left behind");
    }

    [TestMethod]
    public void Load_RejectsAFileThatIsNotACheckpoint()
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        string path = temp.File("c.bin");
        File.WriteAllBytes(path, [1, 2, 3, 4, 5, 6, 7, 8]);
        using var model = new LeNet();
        var error = Assert.ThrowsExactly<CheckpointException>(() => Checkpoint.Load(path, model, null));
        Assert.Contains("not an AlexNetMl checkpoint", error.Message);
    }

    [TestMethod]
    [DataRow(1, DisplayName = "format 1, never released")]
    [DataRow(3, DisplayName = "a later format")]
    public void Load_RejectsAnotherFormatVersion(int version)
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        string path = temp.File("c.bin");
        using (var writer = new BinaryWriter(File.Create(path)))
        {
            writer.Write("AlexNetMl.Checkpoint");
            writer.Write(version);
        }

        using var model = new LeNet();
        var error = Assert.ThrowsExactly<CheckpointException>(() => Checkpoint.Load(path, model, null));
        Assert.Contains($"format version {version}; this build reads version 2", error.Message);
    }

    [TestMethod]
    public void Load_RejectsWeightsOfAnotherShape()
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        string path = temp.File("c.bin");
        using var other = new LeNet(numClasses: 5);
        using var optimizer = optim.SGD(other.parameters(), 0.01);
        Checkpoint.Save(path, other, optimizer, new TrainingState { Config = Config, History = new TrainingHistory() });

        using var model = new LeNet();
        var error = Assert.ThrowsExactly<CheckpointException>(() => Checkpoint.Load(path, model, null));
        Assert.Contains("do not fit this LeNet", error.Message);
    }

    [TestMethod]
    public void Load_RejectsATruncatedCheckpoint()
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        string path = temp.File("c.bin");
        using var model = new LeNet();
        using var optimizer = optim.SGD(model.parameters(), 0.01);
        Checkpoint.Save(path, model, optimizer, new TrainingState { Config = Config, History = new TrainingHistory() });
        byte[] bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);

        var error = Assert.ThrowsExactly<CheckpointException>(() => Checkpoint.Load(path, model, null));
        StringAssert.StartsWith(error.Message, path);
    }
}
