using System.Text.RegularExpressions;
using AlexNetMl.Export.Triton;
using AlexNetMl.Pipeline.Scoring;
using AlexNetMl.Tests.Infrastructure;
using Microsoft.ML.OnnxRuntime;

namespace AlexNetMl.Tests.Export.Triton;

/// <summary>
/// Triton cannot run here, so these tests check the repository against the ONNX graph itself: every name, datatype and
/// dimension in config.pbtxt must be what ONNX Runtime reads from the model file, and labels.txt must list the model's
/// class names in index order.
/// </summary>
[TestClass]
public sealed partial class TritonRepositoryTests
{
    [TestMethod]
    public void Write_LaysOutTheDocumentedRepository()
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        var contract = OnnxModelInfo.Read(TrainedModel.OnnxPath).Contract;
        string model = TritonRepository.Write(temp.Path, TrainedModel.OnnxPath, contract);

        Assert.AreEqual(Path.Combine(temp.Path, "alexnet_fmnist"), model);
        Assert.IsTrue(File.Exists(Path.Combine(model, "config.pbtxt")));
        CollectionAssert.AreEqual(File.ReadAllBytes(TrainedModel.OnnxPath), File.ReadAllBytes(Path.Combine(model, "1", "model.onnx")));
        CollectionAssert.AreEqual(contract.ClassNames.ToArray(), File.ReadAllLines(Path.Combine(model, "labels.txt")));
    }

    [TestMethod]
    public void Config_AgreesWithTheOnnxGraph()
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        string model = TritonRepository.Write(temp.Path, TrainedModel.OnnxPath, OnnxModelInfo.Read(TrainedModel.OnnxPath).Contract);
        string config = File.ReadAllText(Path.Combine(model, "config.pbtxt"));
        using var session = new InferenceSession(TrainedModel.OnnxPath);

        Assert.Contains("platform: \"onnxruntime_onnx\"", config);
        Assert.Contains($"name: \"{Path.GetFileName(model)}\"", config);
        int maxBatch = int.Parse(MaxBatch().Match(config).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.IsGreaterThan(0, maxBatch);
        var declared = Tensors().Matches(config).ToDictionary(m => m.Groups["name"].Value, m => (Type: m.Groups["type"].Value, Dims: m.Groups["dims"].Value.Split(',').Select(d => int.Parse(d.Trim(), System.Globalization.CultureInfo.InvariantCulture)).ToArray()));
        var graph = session.InputMetadata.Concat(session.OutputMetadata).ToDictionary(p => p.Key, p => p.Value);

        CollectionAssert.AreEquivalent(graph.Keys.ToArray(), declared.Keys.ToArray(), "the same tensors");
        foreach ((string name, NodeMetadata node) in graph)
        {
            Assert.AreEqual(typeof(float), node.ElementType);
            Assert.AreEqual("TYPE_FP32", declared[name].Type, name);
            Assert.IsLessThan(0, node.Dimensions[0], $"{name}'s batch dimension is symbolic in the graph");
            CollectionAssert.AreEqual(node.Dimensions[1..], declared[name].Dims, $"{name}: Triton's dims are the graph's without the batch dimension");
        }

        Assert.Contains("label_filename: \"labels.txt\"", config);
        Assert.Contains("dynamic_batching", config);
    }

    [GeneratedRegex(@"max_batch_size: (\d+)")]
    private static partial Regex MaxBatch();

    [GeneratedRegex(@"\{ name: ""(?<name>[^""]+)"" data_type: (?<type>\w+) dims: \[ (?<dims>[0-9, ]+) \]")]
    private static partial Regex Tensors();
}
