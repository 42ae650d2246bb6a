using AlexNetMl.Contract.Model;
using AlexNetMl.Contract.Settings;
using AlexNetMl.Export.Onnx;
using AlexNetMl.Export.Quantization;
using AlexNetMl.Pipeline.Data;
using AlexNetMl.Pipeline.DataView;
using AlexNetMl.Pipeline.Evaluation;
using AlexNetMl.Pipeline.Scoring;
using AlexNetMl.Pipeline.Transforms;
using AlexNetMl.Tests.Infrastructure;
using AlexNetMl.Training.Steps;
using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML;
using Onnx;
using TorchSharp.Modules;
using static TorchSharp.torch.nn;
using static TorchSharp.torch;

namespace AlexNetMl.Tests.Export.Quantization;

[TestClass]
public sealed class QuantizedExportTests
{
    private static readonly Lazy<(string Path, QuantizationReport Report)> Int8Model = new(() =>
    {
        string path = Path.Combine(Path.GetDirectoryName(TrainedModel.OnnxPath)!, "model-int8.onnx");
        QuantizationReport report = ModelExport.RunInt8(TrainedModel.Model, path, "test-run", "hash", SharedData.Train, SharedData.Test, images: 500);
        return (path, report);
    });

    [TestMethod]
    public void Int8Export_OfATrainedModelAgreesWithFp32OnAtLeast99PercentOf500TestImages()
    {
        QuantizationReport report = Int8Model.Value.Report;
        Assert.AreEqual(500, report.Images);
        Assert.IsGreaterThanOrEqualTo(0.99, report.Agreement, report.Line);
        Assert.IsTrue(File.Exists(Int8Model.Value.Path));
        Assert.IsLessThan(new FileInfo(TrainedModel.OnnxPath).Length / 3, new FileInfo(Int8Model.Value.Path).Length, "the dense weights shrink to a quarter");
    }

    [TestMethod]
    public void Int8Model_RunsEveryConvolutionAsQLinearConvAndEveryDenseLayerAsMatMulInteger()
    {
        List<string> ops = ModelProto.Parser.ParseFrom(File.ReadAllBytes(Int8Model.Value.Path)).Graph.Node.Select(n => n.OpType).ToList();
        Assert.AreEqual(5, ops.Count(op => op == "QLinearConv"), string.Join(" ", ops));
        Assert.AreEqual(3, ops.Count(op => op == "MatMulInteger"), string.Join(" ", ops));
        CollectionAssert.DoesNotContain(ops, "Conv");
        CollectionAssert.DoesNotContain(ops, "Gemm");
        Assert.AreEqual(1, ops.Count(op => op == "QuantizeLinear"), "the image is quantized once; the convolutions pass uint8 on");
    }

    [TestMethod]
    public void Int8Model_KeepsTheContractAndSaysItIsInt8()
    {
        OnnxModelInfo info = OnnxModelInfo.Read(Int8Model.Value.Path);
        Assert.AreEqual(ModelWeights.QuantizedInt8, info.Contract.Weights);
        Assert.AreEqual(OnnxModelInfo.Read(TrainedModel.OnnxPath).Contract with { Weights = ModelWeights.QuantizedInt8, ClassNames = info.Contract.ClassNames }, info.Contract);
    }

    [TestMethod]
    public void Int8Model_ScoresTheSameThroughTheMlNetChainAsThroughOnnxRuntimeImageByImage()
    {
        const int Images = 40;
        var mlContext = new MLContext();
        using LoadedModel model = ModelLoader.Load(mlContext, Int8Model.Value.Path, ComputeDevice.Cpu);
        float[][] chain = model.Transformer.Transform(mlContext.Data.LoadFashionMnist(SharedData.Test.Take(Images))).GetColumn<float[]>(model.Contract.ProbabilitiesName).ToArray();
        using var session = new InferenceSession(Int8Model.Value.Path);
        ModelContract contract = model.Contract;
        for (int i = 0; i < Images; i++)
        {
            float[] input = new float[contract.InputHeight * contract.InputWidth];
            ImageUpsampler.ToModelInput(SharedData.Test.Image(i), input, contract);
            using OrtValue value = OrtValue.CreateTensorValueFromMemory(input, [1, 1, contract.InputHeight, contract.InputWidth]);
            using IDisposableReadOnlyCollection<OrtValue> outputs = session.Run(new RunOptions(), [contract.InputName], [value], [contract.ProbabilitiesName]);
            float[] direct = outputs[0].GetTensorDataAsSpan<float>().ToArray();
            for (int c = 0; c < direct.Length; c++)
            {
                Assert.AreEqual(direct[c], chain[i][c], 1e-5f, $"image {i}, class {c}");
            }
        }

        EvaluationReport report = FashionEvaluator.Run(new MLContext(seed: 0), new FashionEvaluationOptions { ModelPath = Int8Model.Value.Path, DataDirectory = TestPaths.DataDirectory, Limit = 20, Device = ComputeDevice.Cpu });
        Assert.AreEqual("int8", report.Weights, "the report says which model was scored");
    }

    [TestMethod]
    public void Export_OfAModelWhoseInt8OutputDisagreesIsRefusedWithNothingWritten()
    {
        // Each output row has one huge weight on an input that is always 0, so its scale is huge and every real
        // weight rounds to 0: the int8 model predicts from the biases alone and disagrees with fp32.
        using TempFolder temp = TestPaths.NewTempFolder();
        random.manual_seed(3);
        using Sequential model = Sequential(("flatten", Flatten()), ("fc", Linear(16, 10)));
        using (no_grad())
        {
            Tensor weight = model.named_parameters().Single(p => p.name == "fc.weight").parameter;
            weight.index_put_(1e6f, TensorIndex.Colon, TensorIndex.Single(0));
        }

        var contract = new ModelContract { Architecture = "test", InputHeight = 4, InputWidth = 4, Resize = ResizeMethod.None, ClassNames = FashionMnistClasses.Names };
        Tensor images = rand(64, 1, 4, 4);
        images.index_put_(0f, TensorIndex.Colon, TensorIndex.Colon, TensorIndex.Single(0), TensorIndex.Single(0));
        (Tensor, long[])[] batch = [(images, new long[64])];
        string path = temp.File("m-int8.onnx");

        var error = Assert.ThrowsExactly<QuantizationVerificationException>(() => QuantizedExport.ExportAndVerify(model, new OnnxExportOptions(contract), path, [images], batch));
        Assert.IsLessThan(QuantizedExport.MinimumAgreement, error.Report!.Agreement);
        Assert.IsFalse(File.Exists(path));
        Assert.IsEmpty(Directory.GetFileSystemEntries(temp.Path), "no temporary file either");
    }

    [TestMethod]
    public void Export_WhoseInt8ConvolutionsDisagreeFallsBackToInt8DenseLayersAlone()
    {
        // Class c is the image whose pixel c is 1 (the others 0.25); a 1×1 identity convolution passes the image to a
        // dense layer that reads pixel c for class c. Calibrating on an image with a pixel of 1,000 makes the
        // convolution's input step 1,000 / 255, so every real pixel quantizes to 0 and the int8 convolution sees a
        // blank image; the dense layers alone, quantized per call, keep every prediction.
        using TempFolder temp = TestPaths.NewTempFolder();
        using Sequential model = Sequential(("conv", Conv2d(1, 1, 1)), ("relu", ReLU()), ("flatten", Flatten()), ("fc", Linear(16, 10)));
        using (no_grad())
        {
            model.named_parameters().Single(p => p.name == "conv.weight").parameter.fill_(1f);
            model.named_parameters().Single(p => p.name == "conv.bias").parameter.zero_();
            Tensor weight = model.named_parameters().Single(p => p.name == "fc.weight").parameter;
            weight.zero_();
            for (int c = 0; c < 10; c++)
            {
                weight[c, c] = tensor(1f);
            }

            model.named_parameters().Single(p => p.name == "fc.bias").parameter.zero_();
        }

        var contract = new ModelContract { Architecture = "test", InputHeight = 4, InputWidth = 4, Resize = ResizeMethod.None, ClassNames = FashionMnistClasses.Names };
        Tensor images = full(60, 1, 4, 4, 0.25f);
        long[] labels = Enumerable.Range(0, 60).Select(i => (long)(i % 10)).ToArray();
        for (int i = 0; i < labels.Length; i++)
        {
            images[i, 0, labels[i] / 4, labels[i] % 4] = tensor(1f);
        }

        Tensor outlier = full(1, 1, 4, 4, 0.25f);
        outlier[0, 0, 3, 3] = tensor(1000f);
        string path = temp.File("m-int8.onnx");

        QuantizationReport report = QuantizedExport.ExportAndVerify(model, new OnnxExportOptions(contract), path, [outlier], [(images, labels)]);

        Assert.AreEqual(Int8Layers.Dense, report.Layers, report.Line);
        Assert.AreEqual(1.0, report.Agreement, report.Line);
        Assert.AreEqual(Int8Layers.ConvolutionsAndDense, report.Rejected!.Layers);
        Assert.IsLessThan(QuantizedExport.MinimumAgreement, report.Rejected.Agreement);
        List<string> ops = ModelProto.Parser.ParseFrom(File.ReadAllBytes(path)).Graph.Node.Select(n => n.OpType).ToList();
        CollectionAssert.Contains(ops, "Conv");
        CollectionAssert.Contains(ops, "MatMulInteger");
        CollectionAssert.DoesNotContain(ops, "QLinearConv");
    }
}
