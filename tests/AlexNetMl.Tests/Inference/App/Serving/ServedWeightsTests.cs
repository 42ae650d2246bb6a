using System.Net.Http.Json;
using System.Text.Json;
using AlexNetMl.Contract.Model;
using AlexNetMl.Contract.Runs;
using AlexNetMl.Pipeline.Data;
using AlexNetMl.Tests.Contract.Runs;
using AlexNetMl.Tests.Infrastructure;

namespace AlexNetMl.Tests.Inference.Serving;

/// <summary>
/// Served from a run folder, the service answers from the run's int8 model when it has one, and --weights fp32 (the
/// Classifier:Weights setting) chooses the other; the page's /model, /classify and /v2 all use the same one. The two
/// models here are oracles told apart by their class names.
/// </summary>
[TestClass]
public sealed class ServedWeightsTests
{
    private static string[] Names(string prefix) => [.. Enumerable.Range(0, 10).Select(i => $"{prefix}{i}")];

    private static RunFolder Run(TempFolder temp)
    {
        RunFolder run = RunFolder.CreateAt(temp.File("run"));
        foreach ((string file, string prefix) in new[] { ("model.onnx", "fp"), ("model-int8.onnx", "q") })
        {
            File.WriteAllBytes(run.File(file), OracleModel.Build(side: FashionMnistImage.Side, metadata: new Dictionary<string, string?> { [ModelMetadataKeys.ClassNames] = JsonSerializer.Serialize(Names(prefix)) }));
        }

        RunManifestFile.Write(run, RunManifestFileTests.Manifest(run, new RunModels("model.onnx", "model-int8.onnx", "verified", Package: "model.onnx")));
        return run;
    }

    [TestMethod]
    [DataRow(null, "q", DisplayName = "default: int8")]
    [DataRow("Fp32", "fp", DisplayName = "Classifier:Weights Fp32")]
    public async Task TheRunsModel_IsChosenByWeights_ForEveryEndpoint(string? weights, string prefix)
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        RunFolder run = Run(temp);
        await using var factory = new ServingFactory(run.Path, new Dictionary<string, string?> { ["Classifier:Weights"] = weights });
        await factory.ReadyAsync();
        using HttpClient client = factory.CreateClient();

        using JsonDocument model = JsonDocument.Parse(await client.GetStringAsync("/model"));
        Assert.AreEqual($"{prefix}0", model.RootElement.GetProperty("class_names")[0].GetString());
        float[] pixels = [.. Enumerable.Repeat(2f * OracleModel.GreyStep / 255f, FashionMnistImage.Pixels)];
        var request = new { inputs = new[] { new { name = "image", datatype = "FP32", shape = new[] { 1, 1, 28, 28 }, data = pixels } } };
        HttpResponseMessage infer = await client.PostAsJsonAsync("/v2/models/alexnet_fmnist/infer", request);
        Assert.IsTrue(infer.IsSuccessStatusCode, await infer.Content.ReadAsStringAsync());
    }
}
