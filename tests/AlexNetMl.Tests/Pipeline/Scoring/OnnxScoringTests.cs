using AlexNetMl.Pipeline.Data;
using AlexNetMl.Pipeline.DataView;
using AlexNetMl.Pipeline.Evaluation;
using AlexNetMl.Pipeline.Scoring;
using AlexNetMl.Tests.Infrastructure;
using AlexNetMl.Training.Training;
using Microsoft.ML;
using Microsoft.ML.Data;
using static TorchSharp.torch;

namespace AlexNetMl.Tests.Pipeline.Scoring;

[TestClass]
public sealed class OnnxScoringTests
{
    [TestMethod]
    public void Pipeline_MapsOutputClassIToLabelIWithAnOracleModel()
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        string model = temp.File("oracle.onnx");
        File.WriteAllBytes(model, OracleModel.Build());
        // Image k is uniform grey 20·k, so the oracle puts its highest score on class k; the label says k too.
        byte[] labels = Enumerable.Range(0, 30).Select(i => (byte)(i % 10)).ToArray();
        byte[] pixels = labels.SelectMany(label => Enumerable.Repeat((byte)(label * OracleModel.GreyStep), FashionMnistClasses.PixelsPerImage)).ToArray();
        var mlContext = new MLContext();
        IDataView data = mlContext.Data.LoadFashionMnist(new FashionMnistDataset(pixels, labels));

        var pipeline = FashionScoringPipeline.Create(mlContext, new OnnxScoringOptions { ModelPath = model });
        EvaluationReport report = EvaluationReport.Evaluate(mlContext, pipeline.Estimator.Fit(data).Transform(data), "probabilities", pipeline.Model.ClassNames, pipeline.Device.Description, model, "chain");

        Assert.AreEqual(1.0, report.MicroAccuracy);
        for (int t = 0; t < 10; t++)
        {
            Assert.AreEqual(3L, report.Confusion[t][t], $"class {t} on the diagonal");
        }

        Assert.AreEqual("CPU", pipeline.Device.Description, "no GPU was asked for");
    }

    [TestMethod]
    public void Pipeline_AccuracyEqualsTorchSharpsOnTheSameImages()
    {
        const int Images = 300;
        var mlContext = new MLContext();
        IDataView data = mlContext.Data.LoadFashionMnist(SharedData.Test.Take(Images));
        var pipeline = FashionScoringPipeline.Create(mlContext, new OnnxScoringOptions { ModelPath = TrainedModel.OnnxPath });
        EvaluationReport report = EvaluationReport.Evaluate(mlContext, pipeline.Estimator.Fit(data).Transform(data), "probabilities", pipeline.Model.ClassNames, "cpu", "trained", "chain");

        (double _, double torchAccuracy) = Trainer.Evaluate(TrainedModel.Model, SharedData.Test.Take(Images), 224, 100, CPU);

        double differingImages = Math.Abs(report.MicroAccuracy - torchAccuracy) * Images;
        Assert.IsLessThanOrEqualTo(1.0, Math.Round(differingImages, 6), $"pipeline {report.MicroAccuracy:F4} vs TorchSharp {torchAccuracy:F4} on {Images} images");
        Assert.IsGreaterThan(0.2, torchAccuracy, "the shared model is trained enough to be decisive");
    }

    [TestMethod]
    public void SavedPipeline_LoadsInAFreshContextWithIdenticalScores()
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        var mlContext = new MLContext();
        IDataView data = mlContext.Data.LoadFashionMnist(SharedData.Test.Take(20));
        var pipeline = FashionScoringPipeline.Create(mlContext, new OnnxScoringOptions { ModelPath = TrainedModel.OnnxPath });
        ITransformer fitted = pipeline.Estimator.Fit(data);
        string zip = temp.File("model.zip");
        pipeline.Save(mlContext, fitted, data.Schema, zip);
        float[][] before = fitted.Transform(data).GetColumn<float[]>("probabilities").ToArray();

        var fresh = new MLContext();
        ITransformer loaded = FashionScoringPipeline.Load(fresh, zip, out _);
        IDataView freshData = fresh.Data.LoadFashionMnist(SharedData.Test.Take(20));
        float[][] after = loaded.Transform(freshData).GetColumn<float[]>("probabilities").ToArray();

        for (int i = 0; i < before.Length; i++)
        {
            CollectionAssert.AreEqual(before[i], after[i], $"row {i}");
        }

        Assert.AreEqual(pipeline.Model.ClassNames.Count, ModelZipMetadata.Read(zip).Count > 0 ? 10 : 0);
    }

    [TestMethod]
    public void ModelInfo_ReadsTheExportedMetadata()
    {
        OnnxModelInfo info = OnnxModelInfo.Read(TrainedModel.OnnxPath);
        Assert.AreEqual("image", info.InputName);
        Assert.AreEqual(224, info.InputHeight);
        CollectionAssert.AreEqual(FashionMnistClasses.Names.ToArray(), info.ClassNames.ToArray());
        Assert.AreEqual("test-run", info.Metadata[ModelMetadataKeys.RunId]);
        Assert.AreEqual(1.0 / 255, info.PixelScale, 1e-12);
    }

    [TestMethod]
    public void ModelInfo_RejectsAModelWhoseInputIsNotOneGreyChannel()
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        string model = temp.File("rgb.onnx");
        File.WriteAllBytes(model, OracleModel.Build(channels: 3));
        var error = Assert.ThrowsExactly<OnnxModelException>(() => OnnxModelInfo.Read(model));
        Assert.Contains("input 'image' is [N,3,224,224] Single; expected [N,1,H,W] Single", error.Message);
    }

    [TestMethod]
    public void ModelInfo_RejectsAModelWithoutTenClasses()
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        string model = temp.File("seven.onnx");
        File.WriteAllBytes(model, OracleModel.Build(classes: 7));
        var error = Assert.ThrowsExactly<OnnxModelException>(() => OnnxModelInfo.Read(model));
        Assert.Contains("output 'probabilities' is [", error.Message);
        Assert.Contains(",7] Single; expected [N,10] Single (10 classes)", error.Message);
    }

    [TestMethod]
    public void ModelInfo_RejectsMissingAndNonOnnxFiles()
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        var missing = Assert.ThrowsExactly<OnnxModelException>(() => OnnxModelInfo.Read(temp.File("none.onnx")));
        Assert.Contains("not found", missing.Message);

        string text = temp.File("model.onnx");
        File.WriteAllText(text, "this is not a model");
        var notOnnx = Assert.ThrowsExactly<OnnxModelException>(() => OnnxModelInfo.Read(text));
        Assert.Contains("is not a loadable ONNX model", notOnnx.Message);
    }
}
