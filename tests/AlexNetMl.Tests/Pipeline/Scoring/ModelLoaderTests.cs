using AlexNetMl.Contract.Model;
using AlexNetMl.Contract.Runs;
using AlexNetMl.Contract.Settings;
using AlexNetMl.Pipeline.Data;
using AlexNetMl.Pipeline.DataView;
using AlexNetMl.Pipeline.Evaluation;
using AlexNetMl.Pipeline.Scoring;
using AlexNetMl.Tests.Infrastructure;
using AlexNetMl.Training.Checkpoints;
using AlexNetMl.Training.Fitting;
using AlexNetMl.Training.Models;
using AlexNetMl.Training.Steps;
using Microsoft.ML.Data;
using Microsoft.ML;
using static TorchSharp.torch;

namespace AlexNetMl.Tests.Pipeline.Scoring;

[TestClass]
public sealed class ModelLoaderTests
{
    [TestMethod]
    public void Chain_MapsOutputClassIToLabelIWithAnOracleModel()
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        string model = temp.File("oracle.onnx");
        File.WriteAllBytes(model, OracleModel.Build());
        // Image k is uniform grey 20·k, so the oracle puts its highest score on class k; the label says k too.
        byte[] labels = Enumerable.Range(0, 30).Select(i => (byte)(i % 10)).ToArray();
        byte[] pixels = labels.SelectMany(label => Enumerable.Repeat((byte)(label * OracleModel.GreyStep), FashionMnistImage.Pixels)).ToArray();
        var mlContext = new MLContext();
        IDataView data = mlContext.Data.LoadFashionMnist(new FashionMnistDataset(pixels, labels));

        using LoadedModel loaded = ModelLoader.Load(mlContext, model, ComputeDevice.Cpu);
        EvaluationReport report = EvaluationReport.Evaluate(mlContext, loaded.Transformer.Transform(data), loaded.Contract, loaded.Device.Description, model, "chain");

        Assert.AreEqual(1.0, report.MicroAccuracy);
        for (int t = 0; t < 10; t++)
        {
            Assert.AreEqual(3L, report.Confusion[t][t], $"class {t} on the diagonal");
        }

        Assert.AreEqual("CPU", loaded.Device.Description, "the CPU was asked for");
    }

    [TestMethod]
    public void Chain_AccuracyEqualsTorchSharpsOnTheSameImages()
    {
        const int Images = 300;
        var mlContext = new MLContext();
        IDataView data = mlContext.Data.LoadFashionMnist(SharedData.Test.Take(Images));
        using LoadedModel loaded = ModelLoader.Load(mlContext, TrainedModel.OnnxPath, ComputeDevice.Cpu);
        EvaluationReport report = EvaluationReport.Evaluate(mlContext, loaded.Transformer.Transform(data), loaded.Contract, "cpu", "trained", "chain");

        (double _, double torchAccuracy) = Validation.Evaluate(TrainedModel.Model, ModelCatalog.Get(ModelKind.AlexNet).Contract, SharedData.Test.Take(Images), 100, CPU);

        double differingImages = Math.Abs(report.MicroAccuracy - torchAccuracy) * Images;
        Assert.IsLessThanOrEqualTo(1.0, Math.Round(differingImages, 6), $"pipeline {report.MicroAccuracy:F4} vs TorchSharp {torchAccuracy:F4} on {Images} images");
        Assert.IsGreaterThan(0.2, torchAccuracy, "the shared model is trained enough to be decisive");
    }

    [TestMethod]
    [DataRow(ModelKind.AlexNet28, DisplayName = "a 28×28 model (no resize)")]
    [DataRow(ModelKind.AlexNet, DisplayName = "a 224×224 model (bilinear upsampling)")]
    public void ModelZip_ScoresTorchSharpsAccuracy_ForEachInputSize(ModelKind kind)
    {
        const int Images = 300;
        using TempFolder temp = TestPaths.NewTempFolder();
        (FashionModel model, string onnx) = kind == ModelKind.AlexNet ? (TrainedModel.Model, TrainedModel.OnnxPath) : TrainBriefly(kind, temp);
        var saving = new MLContext();
        string zip = temp.File("model.zip");
        using (LoadedModel loaded = ModelLoader.Load(saving, onnx, ComputeDevice.Cpu))
        {
            loaded.Pipeline!.Save(saving, loaded.Transformer, FashionMnistDataView.Empty.Schema, zip);
        }

        var mlContext = new MLContext();
        using LoadedModel fromZip = ModelLoader.Load(mlContext, zip, ComputeDevice.Cpu);
        Assert.AreEqual(ModelCatalog.Get(kind).InputSide, fromZip.Contract.InputHeight);
        EvaluationReport report = EvaluationReport.Evaluate(mlContext, fromZip.Transformer.Transform(mlContext.Data.LoadFashionMnist(SharedData.Test.Take(Images))), fromZip.Contract, "cpu", "trained", "chain");
        (double _, double torchAccuracy) = Validation.Evaluate(model, ModelCatalog.Get(kind).Contract, SharedData.Test.Take(Images), 100, CPU);

        double differingImages = Math.Abs(report.MicroAccuracy - torchAccuracy) * Images;
        Assert.IsLessThanOrEqualTo(1.0, Math.Round(differingImages, 6), $"model.zip {report.MicroAccuracy:F4} vs TorchSharp {torchAccuracy:F4} on {Images} images");
        Assert.IsGreaterThan(0.2, torchAccuracy, "the model is trained enough to be decisive");
        if (kind != ModelKind.AlexNet)
        {
            model.Dispose();
        }
    }

    private static (FashionModel Model, string OnnxPath) TrainBriefly(ModelKind kind, TempFolder temp)
    {
        var config = new TrainingConfig { Model = kind, Epochs = 1, BatchSize = 32, LearningRate = 0.02, Momentum = 0.9, TrainLimit = 2048, ValidationLimit = 16, Seed = 7 };
        using var trainer = new Trainer(config, SharedData.Train, SharedData.Test, CPU);
        trainer.Run(temp.File("checkpoint.bin"), CancellationToken.None);
        FashionModel model = ModelCatalog.Create(kind, FashionMnistClasses.Count, config.Dropout);
        Checkpoint.Load(temp.File("checkpoint.bin"), model, optimizer: null);
        model.eval();
        string onnx = temp.File("model.onnx");
        ModelExport.Run(model, onnx, "test-run", config.Hash(), SharedData.Test);
        return (model, onnx);
    }

    [TestMethod]
    public void SavedZip_LoadsInAFreshContextWithIdenticalScoresAndItsClassNames()
    {
        var mlContext = new MLContext();
        IDataView data = mlContext.Data.LoadFashionMnist(SharedData.Test.Take(20));
        float[][] before;
        using (LoadedModel onnx = ModelLoader.Load(mlContext, TrainedModel.OnnxPath, ComputeDevice.Cpu))
        {
            before = onnx.Transformer.Transform(data).GetColumn<float[]>(FashionMnistColumns.Probabilities).ToArray();
        }

        var fresh = new MLContext();
        using LoadedModel zip = ModelLoader.Load(fresh, TrainedPipeline.ModelZip, ComputeDevice.Cpu);
        float[][] after = zip.Transformer.Transform(fresh.Data.LoadFashionMnist(SharedData.Test.Take(20))).GetColumn<float[]>(FashionMnistColumns.Probabilities).ToArray();

        for (int i = 0; i < before.Length; i++)
        {
            CollectionAssert.AreEqual(before[i], after[i], $"row {i}");
        }

        Assert.AreEqual(ModelFileFormat.Zip, zip.Format);
        CollectionAssert.AreEqual(FashionMnistClasses.Names.ToArray(), zip.Contract.ClassNames.ToArray(), "the class names round-trip through model.zip");
        Assert.AreEqual(224, zip.Contract.InputHeight);
    }

    [TestMethod]
    public void Load_TellsTheFormatByContentNotByName()
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        string zipNamedOnnx = temp.File("really-a-zip.onnx");
        File.Copy(TrainedPipeline.ModelZip, zipNamedOnnx);
        string onnxNamedZip = temp.File("really-onnx.zip");
        File.WriteAllBytes(onnxNamedZip, OracleModel.Build());

        using (LoadedModel zip = ModelLoader.Load(new MLContext(), zipNamedOnnx, ComputeDevice.Cpu))
        {
            Assert.AreEqual(ModelFileFormat.Zip, zip.Format);
        }

        using LoadedModel onnx = ModelLoader.Load(new MLContext(), onnxNamedZip, ComputeDevice.Cpu);
        Assert.AreEqual(ModelFileFormat.Onnx, onnx.Format);
        Assert.AreEqual("oracle", onnx.Contract.Architecture);
    }

    [TestMethod]
    public void Load_RejectsMissingFilesFoldersAndUnknownFormatsEachWithItsOwnMessage()
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        Assert.Contains("not found", Assert.ThrowsExactly<OnnxModelException>(() => ModelLoader.Load(new MLContext(), temp.File("none.onnx"))).Message);
        Assert.Contains("is a folder", Assert.ThrowsExactly<OnnxModelException>(() => ModelLoader.Load(new MLContext(), temp.Path)).Message);
        string text = temp.File("model.onnx");
        File.WriteAllText(text, "this is not a model");
        Assert.Contains("neither an ONNX model nor an ML.NET model.zip", Assert.ThrowsExactly<OnnxModelException>(() => ModelLoader.Load(new MLContext(), text)).Message);
    }

    [TestMethod]
    public void Load_OfAZipAppliesTheRequestedDeviceNotTheSavedOne()
    {
        using LoadedModel zip = ModelLoader.Load(new MLContext(), TrainedPipeline.ModelZip, ComputeDevice.Cpu);
        Assert.AreEqual(ScoringDevice.Cpu, zip.Device);
    }

    [TestMethod]
    public void ReadOnnx_NamesTheZipWhenGivenOne()
    {
        var error = Assert.ThrowsExactly<OnnxModelException>(() => ModelLoader.ReadOnnx(TrainedPipeline.ModelZip));
        Assert.Contains("is an ML.NET model.zip", error.Message);
    }

    [TestMethod]
    public void Chain_FeedsA28By28ModelWithoutUpsamplingAndAppliesItsPixelScale()
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        string model = temp.File("oracle28.onnx");
        // The oracle reads the mean input; with a pixel scale of 1/510 every grey level arrives halved, so image 20·k
        // (for even k) must come out as class k/2.
        string halfScale = (1.0 / 510).ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        File.WriteAllBytes(model, OracleModel.Build(side: 28, metadata: new Dictionary<string, string?> { [ModelMetadataKeys.PixelScale] = halfScale }));
        byte[] labels = [0, 2, 4, 6, 8];
        byte[] pixels = labels.SelectMany(label => Enumerable.Repeat((byte)(label * OracleModel.GreyStep), FashionMnistImage.Pixels)).ToArray();
        var mlContext = new MLContext();
        using LoadedModel loaded = ModelLoader.Load(mlContext, model, ComputeDevice.Cpu);
        float[][] scores = loaded.Transformer.Transform(mlContext.Data.LoadFashionMnist(new FashionMnistDataset(pixels, labels))).GetColumn<float[]>(FashionMnistColumns.Probabilities).ToArray();

        int[] predicted = scores.Select(row => Array.IndexOf(row, row.Max())).ToArray();
        CollectionAssert.AreEqual(new[] { 0, 1, 2, 3, 4 }, predicted);
    }
}
