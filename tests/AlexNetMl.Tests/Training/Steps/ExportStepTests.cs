using AlexNetMl.Contract.Model;
using AlexNetMl.Contract.Runs;
using AlexNetMl.Pipeline.Data;
using AlexNetMl.Tests.Infrastructure;
using AlexNetMl.Training.Models;
using AlexNetMl.Training.Steps;

namespace AlexNetMl.Tests.Training.Steps;

[TestClass]
public sealed class ExportStepTests
{
    [TestMethod]
    public void AnInt8ModelThatMissesItsTest_IsSkippedWithANote_AndTheFp32ModelIsStillWritten()
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        RunFolder run = RunFolder.CreateAt(temp.File("run"));
        using FashionModel model = ModelCatalog.Create(ModelKind.LeNet, FashionMnistClasses.Count, dropout: 0);
        var observer = new SilentJobObserver();

        // No int8 model can agree with fp32 on more than all of the images.
        ExportResult result = new ExportStep(observer, minimumInt8Agreement: 1.01).Run(model, run, "hash", SharedData.Train, SharedData.Test.Take(64));

        Assert.IsTrue(File.Exists(run.File(RunFolder.ModelFile)), "model.onnx is written");
        Assert.IsFalse(File.Exists(run.File(RunFolder.Int8ModelFile)), "no int8 file");
        Assert.IsNull(result.Models.Quantized);
        StringAssert.StartsWith(result.Models.QuantizedNote, "skipped: ");
        Assert.Contains("needs 101.0 %", result.Models.QuantizedNote, "the note says which test it missed");
        Assert.AreEqual(1, observer.Lines.Count(l => l.StartsWith("note: model-int8.onnx skipped", StringComparison.Ordinal)), string.Join("\n", observer.Lines));
    }

    [TestMethod]
    public void BothModelsPass_AndTheManifestRecordsTheirFiles()
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        RunFolder run = RunFolder.CreateAt(temp.File("run"));
        using FashionModel model = ModelCatalog.Create(ModelKind.LeNet, FashionMnistClasses.Count, dropout: 0);

        ExportResult result = new ExportStep(new SilentJobObserver(), minimumInt8Agreement: 0).Run(model, run, "hash", SharedData.Train, SharedData.Test.Take(64));

        Assert.AreEqual((RunFolder.ModelFile, RunFolder.Int8ModelFile), (result.Models.Onnx, result.Models.Quantized));
        Assert.IsTrue(File.Exists(run.File(RunFolder.Int8ModelFile)));
    }
}
