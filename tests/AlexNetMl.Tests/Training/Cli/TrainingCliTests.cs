using System.Text.Json;
using AlexNetMl.Contract.Programs;
using AlexNetMl.Contract.Runs;
using AlexNetMl.Tests.Infrastructure;
using AlexNetMl.Training.Cli;
using Spectre.Console;

namespace AlexNetMl.Tests.Training.Cli;

[TestClass]
public sealed class TrainingCliTests
{
    [TestMethod]
    public void Train_RunsEndToEndAndFillsTheRunFolder()
    {
        using TempFolder runs = TestPaths.NewTempFolder();
        int exit = TrainingCli.Run(["--train-limit", "64", "--epochs", "1", "--batch-size", "32", "--val-limit", "64", "--eval-limit", "50", "--precision", "fp32", "--runs", runs.Path], TextWriter.Null);

        Assert.AreEqual(ExitCodes.Success, exit);
        string latest = Path.Combine(runs.Path, "latest");
        Assert.IsNotNull(new DirectoryInfo(latest).LinkTarget, "runs/latest is a link");
        foreach (string file in new[] { "run.json", "history.json", "curves.png", "checkpoint.bin", "model.onnx", "model.zip", "report.md", "metrics.json", "confusion.png" })
        {
            Assert.IsTrue(File.Exists(Path.Combine(latest, file)), $"{file} missing");
        }

        RunManifest manifest = RunManifestFile.Read(RunFolder.Open(latest));
        Assert.AreEqual(64, manifest.Config.TrainLimit);
        Assert.AreEqual(1, manifest.Config.Epochs);
        Assert.AreEqual("model.zip", manifest.Models?.Package);
        Assert.AreEqual(50, manifest.Metrics?.Images, "the manifest records the evaluation it ran");
        Assert.IsNotNull(manifest.Timing);
        Assert.IsTrue(manifest.Timing.Seconds > 0 && manifest.Timing.Finished >= manifest.Timing.Started);
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
    [DataRow("--batch-size", "3000000", DisplayName = "huge batch size (was an OverflowException)")]
    [DataRow("--model", "resnet", DisplayName = "unknown model")]
    [DataRow("--time-budget", "soon", DisplayName = "unparsable budget")]
    [DataRow("--precision", "fp16", DisplayName = "unknown precision")]
    public void Train_RejectsBadArgumentsWithExitCode2(string option, string value)
    {
        using TempFolder runs = TestPaths.NewTempFolder();
        using var error = new StringWriter();
        Assert.AreEqual(ExitCodes.BadInput, TrainingCli.Run([option, value, "--runs", runs.Path], error));
        Assert.AreEqual(1, error.ToString().TrimEnd().Split('\n').Length, $"one line on stderr: {error}");
        StringAssert.StartsWith(error.ToString(), "error: ");
        Assert.IsEmpty(Directory.GetFileSystemEntries(runs.Path), "a rejected run writes nothing");
    }

    [TestMethod]
    public void Export_RejectsAMissingCheckpointWithExitCode2()
    {
        Assert.AreEqual(ExitCodes.BadInput, TrainingCli.Run(["export", "--checkpoint", "/no/such/checkpoint.bin"], TextWriter.Null));
    }

    [TestMethod]
    [DataRow("alexnet", "46,764,746", DisplayName = "alexnet")]
    [DataRow("lenet", "61,706", DisplayName = "lenet")]
    public void Summary_PrintsTheParameterCount(string model, string parameters)
    {
        var console = new Spectre.Console.Testing.TestConsole { EmitAnsiSequences = false };
        console.Profile.Width = 400;
        IAnsiConsole previous = AnsiConsole.Console;
        AnsiConsole.Console = console;
        try
        {
            Assert.AreEqual(ExitCodes.Success, TrainingCli.Run(["summary", "--model", model], TextWriter.Null));
        }
        finally
        {
            AnsiConsole.Console = previous;
        }

        Assert.Contains($"of the {parameters} parameters", console.Output);
    }

    [TestMethod]
    public void Train_WithRunsNamingAFileIsOneLineAndExit2_Regression()
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        File.WriteAllText(temp.File("runs"), string.Empty);
        using var error = new StringWriter();
        int exit = TrainingCli.Run(["--model", "lenet", "--epochs", "1", "--train-limit", "32", "--runs", temp.File("runs")], error);
        Assert.AreEqual(ExitCodes.BadInput, exit, error.ToString());
        Assert.Contains("is a file", error.ToString());
    }

    [TestMethod]
    public void Export_RefusesToOverwriteTheCheckpointItReads_Regression()
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        string checkpoint = temp.File("checkpoint.bin");
        File.WriteAllText(checkpoint, "precious");
        using var error = new StringWriter();
        Assert.AreEqual(ExitCodes.BadInput, TrainingCli.Run(["export", "--checkpoint", checkpoint, "--out", checkpoint], error));
        Assert.Contains("is the checkpoint being exported", error.ToString());
        Assert.AreEqual("precious", File.ReadAllText(checkpoint));
    }

    [TestMethod]
    public void Export_OfACheckpointWithAMalformedLengthPrefixIsOneLineAndExit2_Regression()
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        File.WriteAllBytes(temp.File("checkpoint.bin"), [0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 1, 2, 3]);
        using var error = new StringWriter();
        Assert.AreEqual(ExitCodes.BadInput, TrainingCli.Run(["export", "--checkpoint", temp.File("checkpoint.bin")], error));
        Assert.Contains("not an AlexNetMl checkpoint", error.ToString());
    }

    [TestMethod]
    public void Resume_WithConflictingFlagsIsRefusedListingThem_AndEpochsExtends()
    {
        using TempFolder runs = TestPaths.NewTempFolder();
        Assert.AreEqual(ExitCodes.Success, TrainingCli.Run(["--model", "lenet", "--epochs", "1", "--train-limit", "64", "--batch-size", "32", "--lr", "0.01", "--val-limit", "32", "--no-evaluate", "--runs", runs.Path], TextWriter.Null));
        string run = Path.Combine(runs.Path, "latest");

        using var error = new StringWriter();
        Assert.AreEqual(ExitCodes.BadInput, TrainingCli.Run(["--resume", run, "--lr", "0.5", "--batch-size", "16"], error));
        Assert.Contains("--lr 0.5 (the run has 0.01)", error.ToString());
        Assert.Contains("--batch-size 16 (the run has 32)", error.ToString());

        Assert.AreEqual(ExitCodes.Success, TrainingCli.Run(["--resume", run, "--epochs", "2", "--no-evaluate"], TextWriter.Null));
        ResumeChange change = RunManifestFile.Read(RunFolder.Open(run)).Resumes.Single();
        Assert.AreEqual("epochs", change.Setting);
        Assert.AreEqual(("1", "2"), (change.Before, change.After));
        Assert.HasCount(2, JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "history.json"))).RootElement.GetProperty("epochs").EnumerateArray().ToArray());
    }

    [TestMethod]
    public void Train_OnAFullDisk_SaysWhatAndHowToGoOn_ExitCode2_AndKeepsTheCheckpoint()
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        string small = temp.File("small");
        Directory.CreateDirectory(small);
        // A 700 KB tmpfs holds the ReLU LeNet's first checkpoint with SGD's one buffer per weight (about 0.5 MB; AdamW's
        // two would not fit) but not the models after it.
        if (!SystemCommand.TryRun("mount", ["-t", "tmpfs", "-o", "size=700k", "tmpfs", small]))
        {
            Assert.Inconclusive("cannot mount a small tmpfs here (needs root); the storage-fault mapping is covered by ProgramShellTests.");
        }

        try
        {
            using var error = new StringWriter();
            int exit = TrainingCli.Run(["--model", "lenet-relu-dropout", "--optimizer", "sgd", "--epochs", "1", "--train-limit", "64", "--batch-size", "32", "--val-limit", "32", "--no-evaluate", "--runs", small], error);

            Assert.AreEqual(ExitCodes.BadInput, exit, error.ToString());
            Assert.AreEqual(1, error.ToString().TrimEnd().Split('\n').Length, error.ToString());
            Assert.Contains("disk is full", error.ToString());
            Assert.Contains("checkpoint.bin: 1 epoch done) is intact", error.ToString());
            Assert.Contains("--resume", error.ToString());
            string checkpoint = Path.Combine(small, "latest", "checkpoint.bin");
            Assert.AreEqual(2, AlexNetMl.Training.Checkpoints.Checkpoint.ReadState(checkpoint).Epoch, "the last checkpoint is whole: epoch 1 done, epoch 2 next");
        }
        finally
        {
            SystemCommand.TryRun("umount", [small]);
        }
    }
}
