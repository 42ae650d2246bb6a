using AlexNetMl.Contract.Model;
using AlexNetMl.Contract.Programs;
using AlexNetMl.Contract.Runs;
using AlexNetMl.Pipeline.Data;
using AlexNetMl.Tests.Infrastructure;
using AlexNetMl.Training.Checkpoints;
using AlexNetMl.Training.Models;

namespace AlexNetMl.Tests.Training.Cli;

/// <summary>The training program as a separate process: stopped by signals and killed at awkward moments.</summary>
[TestClass]
public sealed class TrainingProcessTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    [TestMethod]
    public void Sigterm_FinishesTheBatchCheckpointsAndExits143_ThenResumeCompletes()
    {
        using TempFolder runs = TestPaths.NewTempFolder();
        // Long enough that the signal lands mid-epoch on any machine (1.5 s of LeNet is a few thousand images), short
        // enough that the resumed run finishes well within Patience on a busy 2-core one. The ReLU LeNet learns enough
        // in that time for its int8 export to agree with fp32 (a barely trained sigmoid LeNet's near-equal logits did not).
        string[] args = ["--model", "lenet-relu-dropout", "--epochs", "2", "--train-limit", "20000", "--batch-size", "32", "--val-limit", "100", "--no-evaluate", "--checkpoint-every", "none", "--seed", "3", "--runs", runs.Path];
        using (ChildProcess training = ChildProcess.Start("alexnet-train", args))
        {
            Assert.IsTrue(training.WaitForOutput("Run folder:", Patience), training.Output);
            Thread.Sleep(1500);
            training.Signal(Signals.Terminate);

            Assert.AreEqual(ExitCodes.Terminated, training.WaitForExit(Patience), training.Output);
            Assert.Contains("Stopped by SIGTERM", training.Output);
            Assert.Contains("--resume", training.Output);
        }

        string run = RunFolder.Open(Path.Combine(runs.Path, RunFolder.LatestName)).Path;
        TrainingState stopped = Checkpoint.ReadState(Path.Combine(run, Checkpoint.FileName));
        Assert.IsTrue(stopped.BatchesDone > 0 || stopped.Epoch > 1, "the checkpoint holds the work done before the signal");

        using ChildProcess resumed = ChildProcess.Start("alexnet-train", ["--resume", run]);
        Assert.AreEqual(ExitCodes.Success, resumed.WaitForExit(Patience), resumed.Output + ErrorLog(run));
        Assert.AreEqual(3, Checkpoint.ReadState(Path.Combine(run, Checkpoint.FileName)).Epoch, "both epochs done");
    }

    [TestMethod]
    [DataRow("mid-batch", DisplayName = "kill -9 mid-batch")]
    [DataRow("mid-checkpoint-write", DisplayName = "kill -9 mid-checkpoint-write")]
    [DataRow("mid-export", DisplayName = "kill -9 mid-export")]
    public void KillNine_ThenResume_EndsWithTheUninterruptedRunsWeights(string moment)
    {
        using TempFolder runs = TestPaths.NewTempFolder();
        string[] args = KillArguments;
        string straight = StraightRun.Value;

        string killedRoot = Path.Combine(runs.Path, "killed");
        using (ChildProcess training = ChildProcess.Start("alexnet-train", [.. args, "--runs", killedRoot]))
        {
            Assert.IsTrue(training.WaitForOutput("Run folder:", Patience), training.Output);
            string folder = RunFolder.Open(Path.Combine(killedRoot, RunFolder.LatestName)).Path;
            bool caught = moment switch
            {
                "mid-batch" => training.WaitFor(() => File.Exists(Path.Combine(folder, Checkpoint.FileName)), Patience) && Pause(300),
                // A later checkpoint's write: with none on disk yet, there would be nothing to resume from.
                "mid-checkpoint-write" => training.WaitFor(() => File.Exists(Path.Combine(folder, Checkpoint.FileName)) && Directory.EnumerateFiles(folder, $".{Checkpoint.FileName}.*").Any(), Patience, pollMilliseconds: 0),
                _ => training.WaitFor(() => Directory.EnumerateFiles(folder, $".{RunFolder.ModelFile}.*").Any(), Patience, pollMilliseconds: 0),
            };
            Assert.IsTrue(caught, $"the {moment} moment never came: {training.Output}");
            training.Signal(Signals.Kill);
            training.WaitForExit(Patience);
        }

        string killed = RunFolder.Open(Path.Combine(killedRoot, RunFolder.LatestName)).Path;
        using (ChildProcess resumed = ChildProcess.Start("alexnet-train", ["--resume", killed]))
        {
            Assert.AreEqual(ExitCodes.Success, resumed.WaitForExit(Patience), resumed.Output + ErrorLog(killed));
        }

        AssertSameWeights(Path.Combine(straight, Checkpoint.FileName), Path.Combine(killed, Checkpoint.FileName));
        Assert.IsTrue(File.Exists(Path.Combine(killed, RunFolder.ModelFile)), "the resumed run exported");
        Assert.IsEmpty(Directory.GetFiles(killed, ".*.tmp*"), "the resume cleared what the killed writer left half-written");
    }

    private static readonly string[] KillArguments = ["--model", "alexnet-small", "--epochs", "3", "--train-limit", "96", "--batch-size", "8", "--val-limit", "16", "--no-evaluate", "--checkpoint-every", "1s", "--seed", "5"];

    // The uninterrupted run every killed run is compared with, trained once.
    private static readonly Lazy<string> StraightRun = new(() => Train(KillArguments, Path.Combine(Path.GetTempPath(), "alexnetml-tests", $"straight-{Guid.NewGuid():N}")));

    [ClassCleanup]
    public static void RemoveStraightRun()
    {
        if (StraightRun.IsValueCreated)
        {
            Directory.Delete(Path.GetDirectoryName(StraightRun.Value)!, recursive: true);
        }
    }

    private static string Train(string[] args, string root)
    {
        using ChildProcess training = ChildProcess.Start("alexnet-train", [.. args, "--runs", root]);
        Assert.AreEqual(ExitCodes.Success, training.WaitForExit(Patience), training.Output);
        return RunFolder.Open(Path.Combine(root, RunFolder.LatestName)).Path;
    }

    // An internal error's details are in the run folder, which the test deletes: show them with the failure.
    private static string ErrorLog(string run) =>
        File.Exists(Path.Combine(run, RunFolder.ErrorLogName)) ? "\n" + File.ReadAllText(Path.Combine(run, RunFolder.ErrorLogName)) : string.Empty;

    private static bool Pause(int milliseconds)
    {
        Thread.Sleep(milliseconds);
        return true;
    }

    private static void AssertSameWeights(string expectedCheckpoint, string actualCheckpoint)
    {
        using FashionModel expected = ModelCatalog.Create(ModelKind.AlexNetSmall, FashionMnistClasses.Count, 0.5);
        using FashionModel actual = ModelCatalog.Create(ModelKind.AlexNetSmall, FashionMnistClasses.Count, 0.5);
        Checkpoint.Load(expectedCheckpoint, expected, null);
        Checkpoint.Load(actualCheckpoint, actual, null);
        foreach ((var a, var b) in expected.parameters().Zip(actual.parameters()))
        {
            Assert.IsTrue(a.eq(b).all().item<bool>(), "weights differ from the uninterrupted run's");
        }
    }
}
