using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net;
using System.Text.Json;
using AlexNetMl.Contract.Model;
using AlexNetMl.Inference.Classification;
using AlexNetMl.Pipeline.Data;
using AlexNetMl.Pipeline.Transforms;
using AlexNetMl.Tests.Infrastructure;

namespace AlexNetMl.Tests.Inference.Serving;

[TestClass]
public sealed class ServingEndpointsTests
{
    private static ServingFactory? _factory;
    private static HttpClient _client = null!;

    [ClassInitialize]
    public static async Task StartAsync(TestContext context)
    {
        _ = context;
        _factory = new ServingFactory(TrainedPipeline.ModelZip);
        _client = _factory.CreateClient();
        await _factory.ReadyAsync();
    }

    [ClassCleanup]
    public static void Stop()
    {
        _client.Dispose();
        _factory?.Dispose();
    }

    [TestMethod]
    [DataRow("/", "text/html", "<title>AlexNetMl: Fashion-MNIST classifier</title>")]
    [DataRow("/app.js", "text/javascript", "fetch(")]
    [DataRow("/style.css", "text/css", "{")]
    public async Task ThePage_IsServedAsStaticFiles(string path, string mediaType, string content)
    {
        HttpResponseMessage response = await _client.GetAsync(path);
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.AreEqual(mediaType, response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(content, await response.Content.ReadAsStringAsync());
        Assert.IsNotNull(response.Headers.ETag, "static files carry an ETag, so browsers revalidate instead of downloading again");
    }

    [TestMethod]
    public async Task Health_IsLiveAndReadyOnceTheModelIsLoaded()
    {
        Assert.AreEqual(HttpStatusCode.OK, (await _client.GetAsync("/v2/health/live")).StatusCode);
        Assert.AreEqual(HttpStatusCode.OK, (await _client.GetAsync("/v2/health/ready")).StatusCode);
    }

    [TestMethod]
    public async Task ModelMetadata_HasTheContractsNamesShapesAndDatatypes()
    {
        using JsonDocument metadata = JsonDocument.Parse(await _client.GetStringAsync("/v2/models/alexnet_fmnist"));
        JsonElement root = metadata.RootElement;
        Assert.AreEqual("alexnet_fmnist", root.GetProperty("name").GetString());
        JsonElement input = root.GetProperty("inputs")[0];
        Assert.AreEqual("image", input.GetProperty("name").GetString());
        Assert.AreEqual("FP32", input.GetProperty("datatype").GetString());
        CollectionAssert.AreEqual(new long[] { -1, 1, 224, 224 }, input.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()).ToArray());
        CollectionAssert.AreEqual(new[] { "logits", "probabilities" }, root.GetProperty("outputs").EnumerateArray().Select(o => o.GetProperty("name").GetString()).ToArray());
        CollectionAssert.AreEqual(new long[] { -1, 10 }, root.GetProperty("outputs")[1].GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()).ToArray());
    }

    [TestMethod]
    public async Task Infer_OfATestImageEqualsTheClassifiersProbabilities()
    {
        using var classifier = new FashionClassifier(new FashionClassifierOptions { ModelPath = TrainedPipeline.ModelZip });
        ModelContract contract = classifier.Contract;
        float[] input = new float[contract.InputHeight * contract.InputWidth];
        ImageUpsampler.ToModelInput(SharedData.Test.Image(4), input, contract);
        var request = new { id = "t-1", inputs = new[] { new { name = "image", shape = new[] { 1, 1, 224, 224 }, datatype = "FP32", data = input } } };

        HttpResponseMessage response = await _client.PostAsJsonAsync("/v2/models/alexnet_fmnist/infer", request);

        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, await response.Content.ReadAsStringAsync());
        using JsonDocument body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.AreEqual("t-1", body.RootElement.GetProperty("id").GetString());
        JsonElement probabilities = body.RootElement.GetProperty("outputs").EnumerateArray().Single(o => o.GetProperty("name").GetString() == "probabilities");
        CollectionAssert.AreEqual(new long[] { 1, 10 }, probabilities.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()).ToArray());
        float[] served = probabilities.GetProperty("data").EnumerateArray().Select(e => e.GetSingle()).ToArray();
        float[] expected = classifier.Predict(SharedData.Test.Image(4)).Probabilities.ToArray();
        for (int c = 0; c < expected.Length; c++)
        {
            Assert.AreEqual(expected[c], served[c], 1e-5f, $"class {c}");
        }
    }

    [TestMethod]
    public async Task Classify_AnUploadedPngAnswersTheCliShape()
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        byte[] png = File.ReadAllBytes(TestImages.SaveTestImagePng(temp.File("item.png"), 2));
        using var form = new MultipartFormDataContent { { new ByteArrayContent(png) { Headers = { ContentType = new MediaTypeHeaderValue("image/png") } }, "image", "item.png" } };

        HttpResponseMessage multipart = await _client.PostAsync("/classify", form);
        HttpResponseMessage raw = await _client.PostAsync("/classify", new ByteArrayContent(png) { Headers = { ContentType = new MediaTypeHeaderValue("image/png") } });

        Assert.AreEqual(HttpStatusCode.OK, multipart.StatusCode, await multipart.Content.ReadAsStringAsync());
        using JsonDocument body = JsonDocument.Parse(await multipart.Content.ReadAsStringAsync());
        using var classifier = new FashionClassifier(new FashionClassifierOptions { ModelPath = TrainedPipeline.ModelZip });
        FashionPrediction expected = classifier.Predict(SharedData.Test.Image(2));
        Assert.AreEqual(expected.ClassName, body.RootElement.GetProperty("class").GetString());
        Assert.AreEqual(expected.ClassIndex, body.RootElement.GetProperty("index").GetInt32());
        Assert.AreEqual(3, body.RootElement.GetProperty("top3").GetArrayLength());
        Assert.AreEqual(10, body.RootElement.GetProperty("probabilities").GetArrayLength());
        Assert.AreEqual(await multipart.Content.ReadAsStringAsync(), await raw.Content.ReadAsStringAsync(), "a raw body scores as the upload does");
    }

    [TestMethod]
    public async Task Classify_ABadImageIsA400ProblemNamingTheFault()
    {
        HttpResponseMessage response = await _client.PostAsync("/classify", new StringContent("this is text, not a PNG"));
        Assert.AreEqual(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.AreEqual("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        string body = await response.Content.ReadAsStringAsync();
        Assert.Contains("not an image format", body);
        Assert.DoesNotContain(" at ", body, "no stack trace");
    }

    [TestMethod]
    public async Task Classify_A25MegabyteBodyIsA413()
    {
        var response = await _client.PostAsync("/classify", new ByteArrayContent(new byte[25 * 1024 * 1024]));
        Assert.AreEqual(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("limit", await response.Content.ReadAsStringAsync());
    }

    [TestMethod]
    public async Task Infer_WithAWrongShapeOrDatatypeIsA400()
    {
        var wrongShape = new { inputs = new[] { new { name = "image", shape = new[] { 1, 1, 28, 28 }, datatype = "FP32", data = new float[784] } } };
        var wrongType = new { inputs = new[] { new { name = "image", shape = new[] { 1, 1, 224, 224 }, datatype = "INT64", data = new float[224 * 224] } } };
        var tooFew = new { inputs = new[] { new { name = "image", shape = new[] { 1, 1, 224, 224 }, datatype = "FP32", data = new float[10] } } };
        foreach ((object request, string expected) in new[] { ((object)wrongShape, "has shape [1,1,28,28]"), (wrongType, "has datatype INT64"), (tooFew, "has 10 values") })
        {
            HttpResponseMessage response = await _client.PostAsJsonAsync("/v2/models/alexnet_fmnist/infer", request);
            Assert.AreEqual(HttpStatusCode.BadRequest, response.StatusCode);
            using JsonDocument body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.Contains(expected, body.RootElement.GetProperty("error").GetString()!);
        }
    }

    [TestMethod]
    public async Task UnknownModel_IsA404()
    {
        Assert.AreEqual(HttpStatusCode.NotFound, (await _client.GetAsync("/v2/models/resnet")).StatusCode);
        HttpResponseMessage infer = await _client.PostAsJsonAsync("/v2/models/resnet/infer", new { inputs = Array.Empty<object>() });
        Assert.AreEqual(HttpStatusCode.NotFound, infer.StatusCode);
        Assert.Contains("serves 'alexnet_fmnist'", await infer.Content.ReadAsStringAsync());
    }

    [TestMethod]
    public async Task Concurrency_32RequestsAreAnsweredWith200Or503AndIdenticalImagesGetIdenticalClasses()
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        byte[][] images = Enumerable.Range(0, 4).Select(i => File.ReadAllBytes(TestImages.SaveTestImagePng(temp.File($"i{i}.png"), i))).ToArray();
        HttpResponseMessage[] responses = await Task.WhenAll(Enumerable.Range(0, 32).Select(i =>
            _client.PostAsync("/classify", new ByteArrayContent(images[i % 4]) { Headers = { ContentType = new MediaTypeHeaderValue("image/png") } })));

        Assert.IsTrue(responses.All(r => r.StatusCode is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable), string.Join(", ", responses.Select(r => r.StatusCode)));
        Assert.IsTrue(responses.Where(r => r.StatusCode == HttpStatusCode.ServiceUnavailable).All(r => r.Headers.RetryAfter is not null), "a 503 says when to retry");
        var classes = new Dictionary<int, HashSet<string>>();
        for (int i = 0; i < responses.Length; i++)
        {
            if (responses[i].StatusCode == HttpStatusCode.OK)
            {
                using JsonDocument body = JsonDocument.Parse(await responses[i].Content.ReadAsStringAsync());
                (classes.TryGetValue(i % 4, out HashSet<string>? set) ? set : classes[i % 4] = []).Add(body.RootElement.GetProperty("class").GetString()!);
            }
        }

        Assert.IsTrue(classes.Values.All(set => set.Count == 1), "identical images, identical classes");
        Assert.AreEqual(HttpStatusCode.OK, (await _client.GetAsync("/v2/health/ready")).StatusCode, "and the service is still up");
    }

    [TestMethod]
    public async Task Page_AndItsScriptsAreServedFromTheAppWithExamples()
    {
        string page = await _client.GetStringAsync("/");
        Assert.Contains("<script src=\"/app.js\">", page);
        Assert.DoesNotContain("https://", page, "no CDN: users may be offline");
        Assert.Contains("fetch('/classify'", await _client.GetStringAsync("/app.js"));
        using JsonDocument examples = JsonDocument.Parse(await _client.GetStringAsync("/examples"));
        Assert.AreEqual(FashionMnistClasses.Names[SharedData.Test.Label(0)], examples.RootElement[0].GetProperty("label").GetString());
        HttpResponseMessage png = await _client.GetAsync("/examples/0.png");
        Assert.AreEqual("image/png", png.Content.Headers.ContentType?.MediaType);
    }
}
