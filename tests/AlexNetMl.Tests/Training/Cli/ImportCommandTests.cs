using System.Text.Json;
using AlexNetMl.Contract.Model;
using AlexNetMl.Contract.Programs;
using AlexNetMl.Contract.Runs;
using AlexNetMl.Tests.Infrastructure;
using AlexNetMl.Tests.Training.Interop;
using AlexNetMl.Training.Cli;
using AlexNetMl.Training.Interop;
using AlexNetMl.Training.Models;
using AlexNetMl.Training.Steps;
using static TorchSharp.torch;

namespace AlexNetMl.Tests.Training.Cli;

[TestClass]
public sealed class ImportCommandTests
{
    [TestMethod]
    public void Import_OfPyTorchsLeNet_WritesARunWhoseMlNetAccuracyIsPyTorchs_AndExportGivesTheSameTensorsBack()
    {
        PyTorchFixture.Expected expected = PyTorchFixture.Read();
        using TempFolder temp = TestPaths.NewTempFolder();
        string run = temp.File("imported");
        using var error = new StringWriter();
        int exit = TrainingCli.Run(["import", "--pytorch", PyTorchFixture.File("lenet.pt"), "--model", "lenet", "--out", run, "--eval-limit", expected.AccuracyImages.ToString(), "--data", TestPaths.DataDirectory], error);

        Assert.AreEqual(ExitCodes.Success, exit, error.ToString());
        foreach (string file in new[] { "run.json", "checkpoint.bin", "model.onnx", "model-int8.onnx", "model.zip", "metrics.json", "report.md" })
        {
            Assert.IsTrue(File.Exists(Path.Combine(run, file)), $"{file} missing");
        }

        ImportedWeights? imported = RunManifestFile.Read(RunFolder.Open(run)).Provenance.Imported;
        Assert.IsNotNull(imported, "the manifest says where the weights came from");
        Assert.AreEqual(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(PyTorchFixture.File("lenet.pt")))), imported.Sha256);

        using JsonDocument metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "metrics.json")));
        double accuracy = metrics.RootElement.GetProperty("micro_accuracy").GetDouble();
        Assert.AreEqual(expected.Accuracy, accuracy, 0.0021, "ML.NET scoring the exported model agrees with PyTorch (at most two images differ, from float rounding)");

        string exported = temp.File("roundtrip.safetensors");
        Assert.AreEqual(ExitCodes.Success, TrainingCli.Run(["export", "--checkpoint", run, "--out", temp.File("again.onnx"), "--pytorch", exported, "--data", TestPaths.DataDirectory], error), error.ToString());
        using StateDict original = PyTorchStateDict.Read(PyTorchFixture.File("lenet.pt"));
        using StateDict back = PyTorchStateDict.Read(exported);
        CollectionAssert.AreEqual(original.Tensors.Keys.ToArray(), back.Tensors.Keys.ToArray());
        foreach ((string key, Tensor tensor) in original.Tensors)
        {
            Assert.IsTrue(tensor.allclose(back.Tensors[key], rtol: 0, atol: 0), $"{key} comes back bit-identical");
        }
    }

    [TestMethod]
    [DataRow("text", DisplayName = "not a state_dict")]
    [DataRow("lenet-as-alexnet", DisplayName = "wrong architecture")]
    [DataRow("missing", DisplayName = "no such file")]
    public void Import_OfABadFile_IsOneLineAndExitCode2_AndWritesNoRun(string fault)
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        string file = fault switch
        {
            "text" => temp.File("notes.pt"),
            "lenet-as-alexnet" => PyTorchFixture.File("lenet.safetensors"),
            _ => temp.File("absent.pt"),
        };
        if (fault == "text")
        {
            File.WriteAllText(file, "not weights");
        }

        string runs = temp.File("runs");
        using var error = new StringWriter();
        Assert.AreEqual(ExitCodes.BadInput, TrainingCli.Run(["import", "--pytorch", file, "--runs", runs, "--data", TestPaths.DataDirectory], error));
        Assert.AreEqual(1, error.ToString().TrimEnd().Split('\n').Length, error.ToString());
        StringAssert.StartsWith(error.ToString(), "error: ");
        Assert.IsFalse(Directory.Exists(runs) && Directory.EnumerateFileSystemEntries(runs).Any(), "nothing is written for a file that is refused");
    }

    [TestMethod]
    public void ExportedWeights_LoadStrictlyIntoTheBooksOwnClass_InRealPyTorch()
    {
        string python = "/usr/bin/python3";
        if (!File.Exists(python) || RunProcess(python, ["-c", "import torch"], out _) != 0)
        {
            Assert.Inconclusive("Debian's python3-torch is not installed here (apt install python3-torch); the committed fixture covers the other direction.");
        }

        using TempFolder temp = TestPaths.NewTempFolder();
        manual_seed(3);
        using var model = new LeNet();
        const int Images = 8;
        foreach (string name in new[] { "ours.pt", "ours.safetensors" })
        {
            string path = temp.File(name);
            PyTorchStateDict.Write(path, BookLayout.StateDict(model));
            int exit = RunProcess(python, [PyTorchFixture.File("load_ours.py"), "lenet", path, TestPaths.DataDirectory, Images.ToString()], out string output);
            Assert.AreEqual(0, exit, output);
            float[][] theirs = JsonSerializer.Deserialize<float[][]>(output.Trim().Split('\n')[^1])!;

            model.eval();
            using var scope = NewDisposeScope();
            using var _ = no_grad();
            (Tensor batch, long[] _) = ModelExport.LabelledBatches(ModelCatalog.Get(ModelKind.LeNet).Contract, SharedData.Test.Take(Images)).First();
            Tensor ours = model.forward(batch);
            for (int i = 0; i < Images; i++)
            {
                float[] row = ours[i].data<float>().ToArray();
                for (int c = 0; c < row.Length; c++)
                {
                    Assert.AreEqual(row[c], theirs[i][c], 1e-5, $"{name}: image {i}, class {c}");
                }
            }
        }
    }

    private static int RunProcess(string file, string[] args, out string output)
    {
        (int exit, output) = ChildProgram.Run(file, args, new Dictionary<string, string> { ["PYTHONWARNINGS"] = "ignore" }, TimeSpan.FromMinutes(2), PyTorchFixture.Folder);
        return exit;
    }
}
