using AlexNetMl.Contract.Model;
using AlexNetMl.Export.Onnx;
using AlexNetMl.Export.Verification;
using AlexNetMl.Pipeline.Data;
using AlexNetMl.Tests.Infrastructure;
using AlexNetMl.Training.Models;
using Google.Protobuf;
using Onnx;
using TorchSharp.Modules;
using static TorchSharp.torch.nn;
using static TorchSharp.torch;

namespace AlexNetMl.Tests.Export.Onnx;

[TestClass]
public sealed class OnnxExporterTests
{
    private static OnnxExportOptions Options(params long[] shape) => new(new ModelContract
    {
        Architecture = "test",
        InputChannels = (int)shape[0],
        InputHeight = (int)shape[1],
        InputWidth = (int)shape[2],
        Resize = ResizeMethod.None,
        ClassNames = FashionMnistClasses.Names,
    });

    private static ParityReport Parity(Module<Tensor, Tensor> module, long[] inputShape, params int[] batches)
    {
        OnnxExportOptions options = Options(inputShape);
        byte[] bytes = OnnxExporter.ToModel(module, options).ToByteArray();
        return ExportVerifier.Verify(module, bytes, OnnxExport.RandomInputs(inputShape, seed: 5), batches.Length == 0 ? [1, 7] : batches, "random", options.Contract.InputName, options.Contract.LogitsName);
    }

    public static IEnumerable<object[]> LayerCases()
    {
        random.manual_seed(11);
        yield return ["Conv2d non-square, stride 3, padding, dilation, groups, no bias", Sequential(("conv", Conv2d(2, 4, kernel_size: (3, 5), stride: (3, 3), padding: (1, 2), dilation: (2, 1), groups: 2, bias: false))), new long[] { 2, 17, 19 }];
        yield return ["Conv2d with bias", Sequential(("conv", Conv2d(3, 5, kernel_size: 4, stride: 2, padding: 1))), new long[] { 3, 13, 13 }];
        yield return ["ReLU", Sequential(("relu", ReLU())), new long[] { 2, 5, 5 }];
        yield return ["MaxPool2d ceil mode, padding", Sequential(("pool", MaxPool2d(kernel_size: 3, stride: 2, padding: 1, ceil_mode: true))), new long[] { 2, 10, 11 }];
        yield return ["MaxPool2d", Sequential(("pool", MaxPool2d(kernel_size: 3, stride: 2))), new long[] { 1, 12, 12 }];
        yield return ["AvgPool2d ceil mode, exclude padding", Sequential(("pool", AvgPool2d(kernel_size: 3, stride: 2, padding: 1, ceil_mode: true, count_include_pad: false))), new long[] { 2, 10, 11 }];
        yield return ["AvgPool2d include padding", Sequential(("pool", AvgPool2d(kernel_size: 2, stride: 2, padding: 1, count_include_pad: true))), new long[] { 2, 7, 7 }];
        yield return ["AdaptiveAvgPool2d 1×1", Sequential(("gap", AdaptiveAvgPool2d(1))), new long[] { 3, 6, 9 }];
        yield return ["Flatten", Sequential(("flatten", Flatten())), new long[] { 2, 3, 4 }];
        yield return ["Linear", Sequential(("flatten", Flatten()), ("fc", Linear(24, 7))), new long[] { 2, 3, 4 }];
        yield return ["Linear without bias", Sequential(("flatten", Flatten()), ("fc", Linear(24, 5, hasBias: false))), new long[] { 2, 3, 4 }];
        yield return ["Dropout (left out)", Sequential(("flatten", Flatten()), ("drop", Dropout(0.5)), ("fc", Linear(24, 3))), new long[] { 2, 3, 4 }];
        yield return ["Softmax", Sequential(("flatten", Flatten()), ("softmax", Softmax(1))), new long[] { 1, 3, 3 }];
        yield return ["LogSoftmax", Sequential(("flatten", Flatten()), ("logsoftmax", LogSoftmax(1))), new long[] { 1, 3, 3 }];
        yield return ["BatchNorm2d eval statistics", BatchNormWithStatistics(), new long[] { 4, 5, 5 }];
        yield return ["nested Sequential", Sequential(("block", Sequential(("conv", Conv2d(1, 2, 3)), ("relu", ReLU()))), ("flatten", Flatten()), ("fc", Linear(2 * 6 * 6, 4))), new long[] { 1, 8, 8 }];
    }

    [TestMethod]
    [DynamicData(nameof(LayerCases))]
    public void Export_MatchesTorchSharpForEachLayerType(string name, Module<Tensor, Tensor> module, long[] inputShape)
    {
        using (module)
        {
            ParityReport report = Parity(module, inputShape);
            Assert.IsTrue(report.Passed, $"{name}: {string.Join("; ", report.Lines)}");
        }
    }

    [TestMethod]
    public void Export_MatchesTorchSharpForTheFullAlexNetAtBatch1_7_And128()
    {
        random.manual_seed(2);
        using var model = new AlexNet();
        ParityReport report = Parity(model, [1, 224, 224], 1, 7, 128);
        Assert.IsTrue(report.Passed, string.Join("; ", report.Lines));
        Assert.HasCount(3, report.Batches);
    }

    [TestMethod]
    [DataRow(ModelKind.AlexNet)]
    [DataRow(ModelKind.AlexNetSmall)]
    [DataRow(ModelKind.AlexNet28)]
    [DataRow(ModelKind.LeNet)]
    [DataRow(ModelKind.LeNetReluDropout)]
    public void Export_MatchesTorchSharpForEachModelOfTheFamily_AtBatch1_7_And32(ModelKind kind)
    {
        random.manual_seed(3);
        using FashionModel model = ModelCatalog.Create(kind, FashionMnistClasses.Count, dropout: 0.5);
        int side = ModelCatalog.Get(kind).InputSide;
        ParityReport report = Parity(model, [1, side, side], 1, 7, 32);
        Assert.IsTrue(report.Passed, $"{kind}: {string.Join("; ", report.Lines)}");
        Assert.HasCount(3, report.Batches);
    }

    [TestMethod]
    public void Export_DeclaresTheInterfaceTheBatchDimensionAndMetadata()
    {
        using var model = new AlexNet();
        OnnxExportOptions options = Options(1, 224, 224);
        options.Provenance[ModelMetadataKeys.RunId] = "run-7";
        ModelProto proto = OnnxExporter.ToModel(model, options);

        Assert.AreEqual(17L, proto.OpsetImport.Single().Version);
        Assert.AreEqual("image", proto.Graph.Input.Single().Name);
        Assert.AreEqual("N", proto.Graph.Input.Single().Type.TensorType.Shape.Dim[0].DimParam);
        CollectionAssert.AreEqual(new[] { "logits", "probabilities" }, proto.Graph.Output.Select(o => o.Name).ToArray());
        Assert.AreEqual(10L, proto.Graph.Output[1].Type.TensorType.Shape.Dim[1].DimValue);
        Assert.AreEqual("run-7", proto.MetadataProps.Single(p => p.Key == ModelMetadataKeys.RunId).Value);
        var metadata = proto.MetadataProps.ToDictionary(p => p.Key, p => p.Value);
        Assert.AreEqual(options.Contract, ModelContract.FromMetadata(metadata, "exported") with { ClassNames = options.Contract.ClassNames }, "the contract round-trips through the metadata");
        CollectionAssert.AreEqual(FashionMnistClasses.Names.ToArray(), ModelContract.FromMetadata(metadata, "exported").ClassNames.ToArray());
        Assert.IsTrue(proto.Graph.Initializer.All(i => i.RawData.Length > 0 && i.FloatData.Count == 0), "weights are raw little-endian initializers");
        Assert.DoesNotContain("Dropout", proto.Graph.Node.Select(n => n.OpType).ToList());
    }

    [TestMethod]
    public void Export_IsDeterministic()
    {
        random.manual_seed(4);
        using var model = new AlexNet();
        byte[] first = OnnxExporter.ToModel(model, Options(1, 224, 224)).ToByteArray();
        byte[] second = OnnxExporter.ToModel(model, Options(1, 224, 224)).ToByteArray();
        CollectionAssert.AreEqual(first, second);
    }

    [TestMethod]
    public void Export_RejectsAnUnsupportedModuleNamingItsPathAndTheSupportedList()
    {
        using Sequential model = Sequential(("features", Sequential(("conv", Conv2d(1, 2, 3)), ("act", GELU()))), ("flatten", Flatten()));
        var error = Assert.ThrowsExactly<UnsupportedModuleException>(() => OnnxExporter.ToModel(model, Options(1, 8, 8)));
        Assert.AreEqual("features.act", error.ModulePath);
        Assert.AreEqual("GELU", error.ModuleType);
        Assert.Contains("Supported: Sequential, Conv2d", error.Message);
    }

    [TestMethod]
    public void ExportAndVerify_WritesAVerifiedFileAtomically()
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        random.manual_seed(8);
        using Sequential model = Sequential(("conv", Conv2d(1, 3, 3)), ("flatten", Flatten()), ("fc", Linear(3 * 6 * 6, 10)));
        string path = temp.File("model.onnx");
        ParityReport report = OnnxExport.ExportAndVerify(model, Options(1, 8, 8), path, OnnxExport.RandomInputs([1, 8, 8]), "random", mainBatch: 16);
        Assert.IsTrue(report.Passed);
        CollectionAssert.AreEqual(new[] { 1, 7, 16 }, report.Batches.Select(b => b.BatchSize).ToArray());
        Assert.IsTrue(File.Exists(path));
        Assert.IsFalse(File.Exists(path + ".tmp"));
    }

    [TestMethod]
    public void Verify_FailsWhenTheGraphDiffersFromTheModule()
    {
        random.manual_seed(9);
        using Sequential model = Sequential(("flatten", Flatten()), ("fc", Linear(16, 10)));
        ModelProto proto = OnnxExporter.ToModel(model, Options(1, 4, 4));
        // Corrupt one weight of the exported graph: the verifier must notice.
        TensorProto weight = proto.Graph.Initializer.First(i => i.Name == "fc.weight");
        byte[] raw = weight.RawData.ToByteArray();
        BitConverter.GetBytes(BitConverter.ToSingle(raw, 0) + 5f).CopyTo(raw, 0);
        weight.RawData = ByteString.CopyFrom(raw);
        ParityReport report = ExportVerifier.Verify(model, proto.ToByteArray(), OnnxExport.RandomInputs([1, 4, 4]), [7], "random", ModelContract.DefaultInputName, ModelContract.DefaultLogitsName);
        Assert.IsFalse(report.Passed);
    }

    private static Sequential BatchNormWithStatistics()
    {
        BatchNorm2d norm = BatchNorm2d(4);
        using (no_grad())
        {
            norm.running_mean!.copy_(randn(4));
            norm.running_var!.copy_(rand(4) + 0.5);
            norm.weight!.copy_(randn(4));
            norm.bias!.copy_(randn(4));
        }

        return Sequential(("bn", norm));
    }
}
