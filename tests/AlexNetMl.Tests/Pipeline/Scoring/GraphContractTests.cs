using System.Text.Json;
using AlexNetMl.Contract.Model;
using AlexNetMl.Contract.Programs;
using AlexNetMl.Pipeline.Data;
using AlexNetMl.Pipeline.Evaluation;
using AlexNetMl.Pipeline.Scoring;
using AlexNetMl.Tests.Infrastructure;
using AlexNetMl.Tests.Training.Interop;
using Google.Protobuf;
using Microsoft.ML;
using Onnx;

namespace AlexNetMl.Tests.Pipeline.Scoring;

/// <summary>Models made elsewhere, without our contract, still score: the contract is inferred from the graph.</summary>
[TestClass]
public sealed class GraphContractTests
{
    private const string Python = "/usr/bin/python3";

    [TestMethod]
    [DataRow("logits", DisplayName = "a graph that ends in logits")]
    [DataRow("softmax", DisplayName = "a graph that ends in a softmax")]
    public void PyTorchsOwnExport_OfTheBooksLeNet_EvaluatesAsPyTorchDoes(string ending)
    {
        if (!File.Exists(Python) || ChildProgram.Run(Python, ["-c", "import torch"], null, TimeSpan.FromMinutes(1)).ExitCode != 0)
        {
            Assert.Inconclusive("Debian's python3-torch is not installed here (apt install python3-torch).");
        }

        using TempFolder temp = TestPaths.NewTempFolder();
        string onnx = temp.File("lenet-by-pytorch.onnx");
        (int exit, string log) = ChildProgram.Run(Python, [PyTorchFixture.File("export_onnx.py"), onnx, ending], new Dictionary<string, string> { ["PYTHONWARNINGS"] = "ignore" }, TimeSpan.FromMinutes(2), PyTorchFixture.Folder);
        Assert.AreEqual(0, exit, log);

        PyTorchFixture.Expected expected = PyTorchFixture.Read();
        EvaluationReport report = FashionEvaluator.Run(new MLContext(seed: 0), new FashionEvaluationOptions { ModelPath = onnx, DataDirectory = TestPaths.DataDirectory, Limit = expected.AccuracyImages });

        Assert.AreEqual(expected.Accuracy, report.MicroAccuracy, 0.0021, "ML.NET scoring PyTorch's own export agrees with PyTorch (at most two images differ, from float rounding)");
        Assert.IsNotNull(report.InferredContract);
        Assert.Contains("input 'x' [N,1,28,28]", report.InferredContract);
        Assert.Contains(ending == "softmax" ? "output 'scores' is a softmax" : "output 'scores' is logits, softened", report.InferredContract);
    }

    [TestMethod]
    public void AGraphWithTwoInputs_IsRefused_NamingTheKeyThatSettlesIt()
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        ModelProto model = ModelProto.Parser.ParseFrom(OracleModel.Build(side: FashionMnistImage.Side));
        model.MetadataProps.Clear();
        model.Graph.Input.Add(model.Graph.Input[0].Clone());
        model.Graph.Input[1].Name = "mask";
        string path = temp.File("two-inputs.onnx");
        File.WriteAllBytes(path, model.ToByteArray());

        var error = Assert.ThrowsExactly<OnnxModelException>(() => OnnxModelInfo.Read(path));
        Assert.Contains("2 inputs [image, mask]", error.Message);
        Assert.Contains($"'{ModelMetadataKeys.InputName}'", error.Message);
    }

    [TestMethod]
    public void AGraphWithTwoScoreOutputs_IsRefused_NamingTheKeysThatSettleIt_AndOneKeySettlesIt()
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        ModelProto model = ModelProto.Parser.ParseFrom(OracleModel.Build(side: FashionMnistImage.Side));
        model.MetadataProps.Clear();
        string path = temp.File("oracle-bare.onnx");
        File.WriteAllBytes(path, model.ToByteArray());

        var error = Assert.ThrowsExactly<OnnxModelException>(() => OnnxModelInfo.Read(path));
        Assert.Contains("2 outputs [logits, probabilities]", error.Message);
        Assert.Contains($"'{ModelMetadataKeys.ProbabilitiesName}'", error.Message);

        model.MetadataProps.Add(new StringStringEntryProto { Key = ModelMetadataKeys.ProbabilitiesName, Value = "probabilities" });
        File.WriteAllBytes(path, model.ToByteArray());
        OnnxModelInfo info = OnnxModelInfo.Read(path);
        Assert.AreEqual(("image", "probabilities", 10), (info.Contract.InputName, info.Contract.ProbabilitiesName, info.Contract.ClassCount));
        CollectionAssert.AreEqual(FashionMnistClasses.Names.ToArray(), info.Contract.ClassNames.ToArray(), "ten classes take Fashion-MNIST's names by default");
    }

    [TestMethod]
    public void OurOwnModels_AreReadByTheirContract_NotInferred()
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        string path = temp.File("oracle.onnx");
        File.WriteAllBytes(path, OracleModel.Build(side: FashionMnistImage.Side, metadata: new Dictionary<string, string?> { [ModelMetadataKeys.ClassNames] = JsonSerializer.Serialize(FashionMnistClasses.Names) }));
        Assert.IsNull(OnnxModelInfo.Read(path).InferredContract);
    }
}
