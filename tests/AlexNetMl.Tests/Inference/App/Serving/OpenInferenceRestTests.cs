using System.Net.Http.Headers;
using System.Net;
using System.Text.Json;
using System.Text;
using AlexNetMl.Pipeline.Data;
using AlexNetMl.Tests.Infrastructure;

namespace AlexNetMl.Tests.Inference.Serving;

/// <summary>
/// What the protocol's clients send, written from the KServe v2 REST spec as raw HTTP: no Content-Type, a form type,
/// /versions/1, parameters, and the error shape {"error": "..."} on every /v2 failure. The model is the 28×28 oracle,
/// whose class for grey 20·k is k.
/// </summary>
[TestClass]
public sealed class OpenInferenceRestTests
{
    private static OracleServer? _server;
    private static HttpClient _client = null!;

    [ClassInitialize]
    public static async Task StartAsync(TestContext context)
    {
        _server = await OracleServer.StartAsync(new Dictionary<string, string?> { ["Serving:MaxRequestBodyBytes"] = "200000" });
        _client = _server.Client;
    }

    [ClassCleanup]
    public static void Stop() => _server?.Dispose();

    private static string Request(int k, string extra = "", bool nested = false)
    {
        string row = OracleModel.JsonPixels(k, FashionMnistImage.Side);
        string data = nested ? $"[[[[{string.Join("],[", Enumerable.Repeat(row, FashionMnistImage.Side))}]]]]" : $"[{OracleModel.JsonPixels(k)}]";
        return $$"""{"id":"req-{{k * OracleModel.GreyStep}}","inputs":[{"name":"image","shape":[1,1,28,28],"datatype":"FP32","data":{{data}}}]{{extra}}}""";
    }

    private static async Task<(HttpStatusCode Status, JsonDocument Body, string? MediaType)> SendAsync(HttpMethod method, string path, HttpContent? content = null)
    {
        using var message = new HttpRequestMessage(method, path) { Content = content };
        HttpResponseMessage response = await _client.SendAsync(message);
        string text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonDocument.Parse(text.Length == 0 ? "null" : text), response.Content.Headers.ContentType?.MediaType);
    }

    private static int Predicted(JsonDocument body)
    {
        JsonElement output = body.RootElement.GetProperty("outputs").EnumerateArray().Single(o => o.GetProperty("name").GetString() == "probabilities");
        float[] scores = [.. output.GetProperty("data").EnumerateArray().Select(v => v.GetSingle())];
        return Array.IndexOf(scores, scores.Max());
    }

    [TestMethod]
    [DataRow(null, DisplayName = "no Content-Type (Triton's HTTP client)")]
    [DataRow("application/x-www-form-urlencoded", DisplayName = "curl -d")]
    [DataRow("application/octet-stream", DisplayName = "octet-stream, JSON inside")]
    [DataRow("application/json", DisplayName = "JSON")]
    public async Task Infer_ReadsTheBodyWhateverItsContentType(string? contentType)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(Request(3)));
        content.Headers.ContentType = contentType is null ? null : new MediaTypeHeaderValue(contentType);
        (HttpStatusCode status, JsonDocument body, _) = await SendAsync(HttpMethod.Post, "/v2/models/alexnet_fmnist/infer", content);
        Assert.AreEqual(HttpStatusCode.OK, status, body.RootElement.ToString());
        Assert.AreEqual(3, Predicted(body));
        Assert.AreEqual("req-60", body.RootElement.GetProperty("id").GetString(), "the request id is echoed");
    }

    [TestMethod]
    public async Task Infer_TakesNestedDataAsFlat()
    {
        (HttpStatusCode status, JsonDocument body, _) = await SendAsync(HttpMethod.Post, "/v2/models/alexnet_fmnist/infer", new StringContent(Request(2, nested: true)));
        Assert.AreEqual(HttpStatusCode.OK, status, body.RootElement.ToString());
        Assert.AreEqual(2, Predicted(body));
    }

    [TestMethod]
    [DataRow("/v2/models/alexnet_fmnist/versions/1", DisplayName = "metadata")]
    [DataRow("/v2/models/alexnet_fmnist/versions/1/ready", DisplayName = "ready")]
    public async Task Versions1_AnswersAsTheModel(string path)
    {
        (HttpStatusCode status, JsonDocument body, _) = await SendAsync(HttpMethod.Get, path);
        Assert.AreEqual(HttpStatusCode.OK, status, body.RootElement.ToString());
        Assert.AreEqual("alexnet_fmnist", body.RootElement.GetProperty("name").GetString());
    }

    [TestMethod]
    public async Task Versions1_Infers_AndAnUnknownVersionIsA404WithAnError()
    {
        (HttpStatusCode status, JsonDocument body, _) = await SendAsync(HttpMethod.Post, "/v2/models/alexnet_fmnist/versions/1/infer", new StringContent(Request(1)));
        Assert.AreEqual(HttpStatusCode.OK, status, body.RootElement.ToString());
        Assert.AreEqual(1, Predicted(body));
        (status, body, _) = await SendAsync(HttpMethod.Get, "/v2/models/alexnet_fmnist/versions/7");
        Assert.AreEqual(HttpStatusCode.NotFound, status);
        Assert.Contains("Unknown version '7'", body.RootElement.GetProperty("error").GetString()!);
    }

    [TestMethod]
    public async Task Health_AnswersWithItsBodies()
    {
        Assert.IsTrue((await SendAsync(HttpMethod.Get, "/v2/health/live")).Body.RootElement.GetProperty("live").GetBoolean());
        Assert.IsTrue((await SendAsync(HttpMethod.Get, "/v2/health/ready")).Body.RootElement.GetProperty("ready").GetBoolean());
        Assert.IsTrue((await SendAsync(HttpMethod.Get, "/v2/models/alexnet_fmnist/ready")).Body.RootElement.GetProperty("ready").GetBoolean());
    }

    [TestMethod]
    public async Task Parameters_ThatAskForJsonAreAccepted_OthersAre400()
    {
        (HttpStatusCode ok, JsonDocument accepted, _) = await SendAsync(HttpMethod.Post, "/v2/models/alexnet_fmnist/infer", new StringContent(Request(0, ""","outputs":[{"name":"probabilities","parameters":{"binary_data":false}}]""")));
        Assert.AreEqual(HttpStatusCode.OK, ok, accepted.RootElement.ToString());
        Assert.AreEqual(1, accepted.RootElement.GetProperty("outputs").GetArrayLength(), "only the output asked for");

        (HttpStatusCode refused, JsonDocument body, _) = await SendAsync(HttpMethod.Post, "/v2/models/alexnet_fmnist/infer", new StringContent(Request(0, ""","parameters":{"priority":3}""")));
        Assert.AreEqual(HttpStatusCode.BadRequest, refused);
        Assert.Contains("Parameter 'priority' = 3 of the request is not supported", body.RootElement.GetProperty("error").GetString()!);
    }

    [TestMethod]
    [DataRow("GET", "/v2/models/alexnet_fmnist/infer", "", 405, DisplayName = "405: wrong method")]
    [DataRow("POST", "/v2/models/alexnet_fmnist/infer", "{ not json", 400, DisplayName = "400: broken JSON")]
    [DataRow("POST", "/v2/models/alexnet_fmnist/infer", "", 400, DisplayName = "400: empty body")]
    [DataRow("POST", "/v2/models/alexnet_fmnist/infer", "big", 413, DisplayName = "413: over the body cap")]
    [DataRow("GET", "/v2/models/resnet", "", 404, DisplayName = "404: unknown model")]
    [DataRow("GET", "/v2/nothing/here", "", 404, DisplayName = "404: no such endpoint")]
    public async Task EveryV2Error_IsJsonWithAnErrorMember(string method, string path, string body, int expected)
    {
        HttpContent? content = body switch
        {
            "" when method == "GET" => null,
            "big" => new ByteArrayContent(new byte[300_000]),
            _ => new StringContent(body),
        };
        (HttpStatusCode status, JsonDocument answer, string? mediaType) = await SendAsync(new HttpMethod(method), path, content);
        Assert.AreEqual(expected, (int)status, answer.RootElement.ToString());
        Assert.AreEqual("application/json", mediaType);
        Assert.IsFalse(string.IsNullOrWhiteSpace(answer.RootElement.GetProperty("error").GetString()));
    }

    [TestMethod]
    public async Task NotReady_Is503WithReadyFalseAndTheReason_WhileLiveStays200()
    {
        await using var factory = new ServingFactory("/no/such/model.zip");
        using HttpClient client = factory.CreateClient();
        await Assert.ThrowsAsync<Exception>(factory.ReadyAsync, "the model cannot load");

        HttpResponseMessage ready = await client.GetAsync("/v2/health/ready");
        using JsonDocument body = JsonDocument.Parse(await ready.Content.ReadAsStringAsync());
        Assert.AreEqual(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.IsFalse(body.RootElement.GetProperty("ready").GetBoolean());
        Assert.Contains("/no/such/model.zip", body.RootElement.GetProperty("error").GetString()!);
        Assert.AreEqual(HttpStatusCode.OK, (await client.GetAsync("/v2/health/live")).StatusCode);
        HttpResponseMessage model = await client.GetAsync("/v2/models/alexnet_fmnist");
        Assert.AreEqual(HttpStatusCode.ServiceUnavailable, model.StatusCode);
        Assert.Contains("\"error\"", await model.Content.ReadAsStringAsync());
    }

    [TestMethod]
    public async Task OpenApi_DescribesTheRestEndpoints()
    {
        (HttpStatusCode status, JsonDocument document, _) = await SendAsync(HttpMethod.Get, "/openapi/v1.json");
        Assert.AreEqual(HttpStatusCode.OK, status);
        Assert.StartsWith("3.", document.RootElement.GetProperty("openapi").GetString()!);
        string[] paths = [.. document.RootElement.GetProperty("paths").EnumerateObject().Select(p => p.Name)];
        foreach (string path in new[] { "/classify", "/v2/health/ready", "/v2/models/{name}/infer", "/v2/models/{name}/versions/{version}/infer" })
        {
            CollectionAssert.Contains(paths, path);
        }
    }
}
