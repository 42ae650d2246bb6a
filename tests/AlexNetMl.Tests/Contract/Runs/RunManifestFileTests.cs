using System.Text.Json;
using AlexNetMl.Contract.Model;
using AlexNetMl.Contract.Runs;
using AlexNetMl.Tests.Infrastructure;

namespace AlexNetMl.Tests.Contract.Runs;

[TestClass]
public sealed class RunManifestFileTests
{
    internal static RunManifest Manifest(RunFolder run, RunModels? models)
    {
        var config = new TrainingConfig { Profile = TrainingProfile.Cpu, Epochs = 1 };
        var started = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
        return new RunManifest
        {
            RunId = run.Id,
            Config = config,
            ConfigHash = config.Hash(),
            Provenance = new RunProvenance("CPU", 2, "data", new SoftwareVersions("10", "0.107", "1.0.0"), new TrainingMachine("Linux", 2, "AVX2", Bf16: false), started),
            Models = models,
        };
    }

    [TestMethod]
    public void WrittenAndRead_TheManifestComesBackEqual_WithSnakeCaseNamesAndSettingSpellings()
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        RunFolder run = RunFolder.CreateAt(temp.File("run"));
        RunManifest written = Manifest(run, new RunModels("model.onnx", "model-int8.onnx", "verified", "model.zip"));
        RunManifestFile.Write(run, written);

        RunManifest read = RunManifestFile.Read(run);
        Assert.AreEqual(written.Config, read.Config);
        Assert.AreEqual(written.Models, read.Models);
        using JsonDocument json = JsonDocument.Parse(File.ReadAllText(run.File(RunFolder.ManifestFile)));
        Assert.AreEqual(1, json.RootElement.GetProperty("version").GetInt32());
        Assert.AreEqual("cpu", json.RootElement.GetProperty("config").GetProperty("profile").GetString());
        Assert.AreEqual("model-int8.onnx", json.RootElement.GetProperty("models").GetProperty("quantized").GetString());
    }

    [TestMethod]
    [DataRow("""{ "version": 2, "run_id": "x" }""", "is a version 2 manifest; this build reads version 1", DisplayName = "another version")]
    [DataRow("""{ "run_id": "x" }""", "has no numeric \"version\"", DisplayName = "no version")]
    [DataRow("""{ "version": 1, """, "is not a valid run manifest", DisplayName = "truncated")]
    public void Read_RefusesWhatItCannotRead_InOneLine(string text, string expected)
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        RunFolder run = RunFolder.CreateAt(temp.File("run"));
        File.WriteAllText(run.File(RunFolder.ManifestFile), text);
        var error = Assert.ThrowsExactly<RunManifestException>(() => RunManifestFile.Read(run));
        Assert.Contains(expected, error.Message);
    }

    [TestMethod]
    public void ModelIn_ARunFolder_IsItsInt8ModelByDefault_AndWeightsChoose()
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        RunFolder run = RunFolder.CreateAt(temp.File("run"));
        RunManifestFile.Write(run, Manifest(run, new RunModels("model.onnx", "model-int8.onnx", "verified", "model.zip")));

        Assert.AreEqual(run.File("model-int8.onnx"), RunManifestFile.ModelIn(run.Path));
        Assert.AreEqual(run.File("model-int8.onnx"), RunManifestFile.ModelIn(run.Path, ModelWeights.QuantizedInt8));
        Assert.AreEqual(run.File("model.zip"), RunManifestFile.ModelIn(run.Path, ModelWeights.Fp32));
    }

    [TestMethod]
    public void ModelIn_ARunWithoutInt8_IsItsPackage_AndAskingForInt8SaysWhy()
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        RunFolder run = RunFolder.CreateAt(temp.File("run"));
        RunManifestFile.Write(run, Manifest(run, new RunModels("model.onnx", Quantized: null, "skipped: same class for 97.20 % (needs 99.5 %)", "model.zip")));

        Assert.AreEqual(run.File("model.zip"), RunManifestFile.ModelIn(run.Path));
        var error = Assert.ThrowsExactly<RunManifestException>(() => RunManifestFile.ModelIn(run.Path, ModelWeights.QuantizedInt8));
        Assert.Contains("no int8 model (skipped: same class for 97.20 % (needs 99.5 %))", error.Message);
    }

    [TestMethod]
    public void ModelIn_AFile_IsThatFile_AndRefusesWeights()
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        string file = temp.File("model.onnx");
        File.WriteAllText(file, "x");
        Assert.AreEqual(file, RunManifestFile.ModelIn(file));
        Assert.ThrowsExactly<ArgumentException>(() => RunManifestFile.ModelIn(file, ModelWeights.Fp32));
    }
}
