using System.Text.Json;
using AlexNetMl.Tests.Infrastructure;
using AlexNetMl.Training.Cli;

namespace AlexNetMl.Tests.Training;

[TestClass]
public sealed class TrainingCliTests
{
    [TestMethod]
    public void Train_RunsEndToEndAndFillsTheRunFolder()
    {
        using TempFolder runs = TestPaths.NewTempFolder();
        int exit = TrainingCli.Run(["--train-limit", "64", "--epochs", "1", "--batch-size", "32", "--val-limit", "64", "--eval-limit", "50", "--precision", "fp32", "--runs", runs.Path]);

        Assert.AreEqual(ExitCodes.Success, exit);
        string latest = Path.Combine(runs.Path, "latest");
        Assert.IsNotNull(new DirectoryInfo(latest).LinkTarget, "runs/latest is a link");
        foreach (string file in new[] { "config.json", "history.json", "curves.png", "checkpoint.bin", "model.onnx", "model.zip", "report.md", "metrics.json", "confusion.png" })
        {
            Assert.IsTrue(File.Exists(Path.Combine(latest, file)), $"{file} missing");
        }

        using JsonDocument config = JsonDocument.Parse(File.ReadAllText(Path.Combine(latest, "config.json")));
        Assert.AreEqual(64, config.RootElement.GetProperty("config").GetProperty("train_limit").GetInt32());
        using JsonDocument history = JsonDocument.Parse(File.ReadAllText(Path.Combine(latest, "history.json")));
        Assert.AreEqual(1, history.RootElement.GetProperty("epochs").GetArrayLength());
        Assert.AreEqual(2, history.RootElement.GetProperty("train_loss_points").GetArrayLength(), "train loss twice an epoch");
        using JsonDocument metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(latest, "metrics.json")));
        Assert.AreEqual(50, metrics.RootElement.GetProperty("images").GetInt32());
        Assert.IsEmpty(Directory.GetFiles(latest, "*.tmp*"), "no temporary files are left");
    }

    [TestMethod]
    [DataRow("--epochs", "0", DisplayName = "non-positive epochs")]
    [DataRow("--batch-size", "-3", DisplayName = "negative batch size")]
    [DataRow("--lr", "0", DisplayName = "zero learning rate")]
    [DataRow("--device", "tpu", DisplayName = "unknown device")]
    [DataRow("--data", "/no/such/dir", DisplayName = "missing data directory")]
    [DataRow("--epochs", "many", DisplayName = "unparsable number")]
    public void Train_RejectsBadArgumentsWithExitCode2(string option, string value)
    {
        using TempFolder runs = TestPaths.NewTempFolder();
        Assert.AreEqual(ExitCodes.BadInput, TrainingCli.Run([option, value, "--runs", runs.Path]));
        Assert.IsEmpty(Directory.GetFileSystemEntries(runs.Path), "a rejected run writes nothing");
    }

    [TestMethod]
    public void Export_RejectsAMissingCheckpointWithExitCode2()
    {
        Assert.AreEqual(ExitCodes.BadInput, TrainingCli.Run(["export", "--checkpoint", "/no/such/checkpoint.bin"]));
    }

    [TestMethod]
    public void Summary_Succeeds()
    {
        Assert.AreEqual(ExitCodes.Success, TrainingCli.Run(["summary"]));
    }
}
