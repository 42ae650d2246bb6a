using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net;
using System.Text.Json;
using AlexNetMl.Contract.Model;
using AlexNetMl.Inference.Classification;
using AlexNetMl.Pipeline.Data;
using AlexNetMl.Pipeline.Evaluation;
using AlexNetMl.Pipeline.Scoring;
using AlexNetMl.Tests.Infrastructure;
using Microsoft.ML;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp;

namespace AlexNetMl.Tests.Inference.Classification;

/// <summary>
/// A model of any class count the contract allows works end to end: here the oracle with 3 classes, whose grey level
/// 20·k image is class k by construction (OracleModel).
/// </summary>
[TestClass]
public sealed class ClassCountTests
{
    private static readonly string[] Names = ["dark", "dim", "grey"];

    private static string ThreeClassModel(TempFolder temp)
    {
        string path = temp.File("three.onnx");
        File.WriteAllBytes(path, OracleModel.Build(side: FashionMnistImage.Side, classes: Names.Length, metadata: new Dictionary<string, string?> { [ModelMetadataKeys.ClassNames] = JsonSerializer.Serialize(Names) }));
        return path;
    }

    private static byte[] Uniform(int grey) => Enumerable.Repeat((byte)grey, FashionMnistImage.Pixels).ToArray();

    [TestMethod]
    public void TheClassifier_AnswersWithTheModelsOwnClasses()
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        using var classifier = new FashionClassifier(new FashionClassifierOptions { ModelPath = ThreeClassModel(temp) });

        for (int k = 0; k < Names.Length; k++)
        {
            FashionPrediction prediction = classifier.Predict(Uniform(OracleModel.GreyStep * k));
            Assert.AreEqual((k, Names[k]), (prediction.ClassIndex, prediction.ClassName));
            Assert.HasCount(3, prediction.Probabilities);
            Assert.HasCount(3, prediction.Top3);
        }
    }

    [TestMethod]
    public async Task TheService_ClassifiesAndInfersWithThreeClasses()
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        await using var factory = new ServingFactory(ThreeClassModel(temp));
        await factory.ReadyAsync();
        using HttpClient client = factory.CreateClient();
        using var image = new Image<L8>(FashionMnistImage.Side, FashionMnistImage.Side, new L8((byte)(OracleModel.GreyStep * 2)));
        using var png = new MemoryStream();
        image.SaveAsPng(png);

        // The page's photo preprocessing may invert a light background; a uniform image has none, so grey 40 stays class 2.
        HttpResponseMessage classify = await client.PostAsync("/classify", new ByteArrayContent(png.ToArray()) { Headers = { ContentType = new MediaTypeHeaderValue("image/png") } });
        Assert.AreEqual(HttpStatusCode.OK, classify.StatusCode, await classify.Content.ReadAsStringAsync());
        using JsonDocument answer = JsonDocument.Parse(await classify.Content.ReadAsStringAsync());
        Assert.AreEqual(3, answer.RootElement.GetProperty("probabilities").GetArrayLength());
        Assert.AreEqual("grey", answer.RootElement.GetProperty("class").GetString());

        float[] pixels = [.. Uniform(OracleModel.GreyStep).Select(p => p / 255f)];
        var request = new { inputs = new[] { new { name = "image", datatype = "FP32", shape = new[] { 1, 1, 28, 28 }, data = pixels } } };
        HttpResponseMessage infer = await client.PostAsJsonAsync("/v2/models/alexnet_fmnist/infer", request);
        Assert.AreEqual(HttpStatusCode.OK, infer.StatusCode, await infer.Content.ReadAsStringAsync());
        using JsonDocument tensors = JsonDocument.Parse(await infer.Content.ReadAsStringAsync());
        JsonElement probabilities = tensors.RootElement.GetProperty("outputs").EnumerateArray().Single(o => o.GetProperty("name").GetString() == "probabilities");
        Assert.AreEqual("[1,3]", probabilities.GetProperty("shape").GetRawText().Replace(" ", string.Empty, StringComparison.Ordinal));
        float[] scores = [.. probabilities.GetProperty("data").EnumerateArray().Select(v => v.GetSingle())];
        Assert.AreEqual(1, Array.IndexOf(scores, scores.Max()), "grey 20 is class 1");
    }

    [TestMethod]
    public void Evaluation_OnFashionMnist_RefusesAModelOfOtherClasses_NamingBothCounts()
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        var options = new FashionEvaluationOptions { ModelPath = ThreeClassModel(temp), DataDirectory = TestPaths.DataDirectory, Limit = 8 };
        var error = Assert.ThrowsExactly<OnnxModelException>(() => FashionEvaluator.Run(new MLContext(seed: 0), options));
        Assert.Contains("classifies 3 classes, and the test set's labels have 10", error.Message);
    }
}
