using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using AlexNetMl.Pipeline.Data;
using AlexNetMl.Tests.Infrastructure;

namespace AlexNetMl.Tests.Inference.Serving;

/// <summary>
/// Triton's protocol extensions as its clients send them, written from the extension documents as raw HTTP: binary
/// tensor data (a JSON header, <c>Inference-Header-Content-Length</c>, little-endian FP32 after it) both ways, and
/// classification (top k as BYTES "value:index:label"). The model is the 28×28 oracle: for grey 20·k its logits are
/// exactly −4·(k − j)² for class j.
/// </summary>
[TestClass]
public sealed class OpenInferenceExtensionsTests
{
    private const string Infer = "/v2/models/alexnet_fmnist/infer";

    // The oracle's logits are exact up to float rounding of grey 20·k / 255.
    private const float Tolerance = 1e-3f;
    private static OracleServer? _server;
    private static HttpClient _client = null!;

    [ClassInitialize]
    public static async Task StartAsync(TestContext context)
    {
        _server = await OracleServer.StartAsync();
        _client = _server.Client;
    }

    [ClassCleanup]
    public static void Stop() => _server?.Dispose();

    // Images of grey 20·k for each k, as little-endian FP32 bytes (the extension's wire form), written here byte by byte.
    private static byte[] LittleEndianImages(params int[] classes)
    {
        byte[] bytes = new byte[classes.Length * FashionMnistImage.Pixels * 4];
        for (int i = 0; i < classes.Length; i++)
        {
            for (int p = 0; p < FashionMnistImage.Pixels; p++)
            {
                BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(((i * FashionMnistImage.Pixels) + p) * 4), OracleModel.Grey(classes[i]));
            }
        }

        return bytes;
    }

    private static ByteArrayContent BinaryRequest(string json, byte[] binary, string? headerLength = null)
    {
        byte[] header = Encoding.UTF8.GetBytes(json);
        var content = new ByteArrayContent([.. header, .. binary]);
        content.Headers.ContentType = new("application/octet-stream");
        content.Headers.Add("Inference-Header-Content-Length", headerLength ?? header.Length.ToString(CultureInfo.InvariantCulture));
        return content;
    }

    private static string Header(int batch, int bytes, string outputs = "") =>
        $$$"""{"id":"bin","inputs":[{"name":"image","shape":[{{{batch}}},1,28,28],"datatype":"FP32","parameters":{"binary_data_size":{{{bytes}}}}}]{{{outputs}}}}""";

    [TestMethod]
    public async Task BinaryInput_WithJsonOutputs_ScoresEachImage()
    {
        byte[] images = LittleEndianImages(3, 7);
        using HttpResponseMessage response = await _client.PostAsync(Infer, BinaryRequest(Header(2, images.Length), images));
        string text = await response.Content.ReadAsStringAsync();
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, text);
        using JsonDocument body = JsonDocument.Parse(text);
        JsonElement logits = body.RootElement.GetProperty("outputs").EnumerateArray().Single(o => o.GetProperty("name").GetString() == "logits");
        float[] values = [.. logits.GetProperty("data").EnumerateArray().Select(v => v.GetSingle())];
        Assert.AreEqual(0f, values[3], Tolerance, "image 0 is class 3");
        Assert.AreEqual(-4f * 9, values[0], Tolerance);
        Assert.AreEqual(0f, values[10 + 7], Tolerance, "image 1 is class 7");
        Assert.AreEqual(-4f, values[10 + 8], Tolerance);
    }

    [TestMethod]
    public async Task BinaryOutputs_FollowTheJsonHeader_AsLittleEndianFp32()
    {
        byte[] images = LittleEndianImages(2);
        const string Outputs = ""","outputs":[{"name":"logits","parameters":{"binary_data":true}}]""";
        using HttpResponseMessage response = await _client.PostAsync(Infer, BinaryRequest(Header(1, images.Length, Outputs), images));
        byte[] body = await response.Content.ReadAsByteArrayAsync();
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, Encoding.UTF8.GetString(body));
        Assert.AreEqual("application/octet-stream", response.Content.Headers.ContentType?.MediaType);
        int headerLength = int.Parse(response.Headers.GetValues("Inference-Header-Content-Length").Single(), CultureInfo.InvariantCulture);
        using JsonDocument header = JsonDocument.Parse(body.AsMemory(0, headerLength));
        JsonElement output = header.RootElement.GetProperty("outputs").EnumerateArray().Single();
        Assert.IsFalse(output.TryGetProperty("data", out _), "binary outputs carry no data member");
        Assert.AreEqual(40, output.GetProperty("parameters").GetProperty("binary_data_size").GetInt32(), "10 FP32 logits");
        Assert.AreEqual(headerLength + 40, body.Length);
        float[] logits = [.. Enumerable.Range(0, 10).Select(j => BinaryPrimitives.ReadSingleLittleEndian(body.AsSpan(headerLength + (4 * j))))];
        for (int j = 0; j < 10; j++)
        {
            Assert.AreEqual(-4f * (2 - j) * (2 - j), logits[j], Tolerance, $"logit {j}");
        }
    }

    [TestMethod]
    [DataRow(-1, "", DisplayName = "binary_data_size larger than what follows")]
    [DataRow(0, "", DisplayName = "bytes that no input claims")]
    [DataRow(1, "", DisplayName = "a size that is not the shape's")]
    [DataRow(2, "99999", DisplayName = "a header length past the body")]
    public async Task BinaryBodies_ThatDoNotAddUp_Are400WithAnError(int variant, string headerLength)
    {
        byte[] images = LittleEndianImages(1);
        (string json, byte[] binary) = variant switch
        {
            -1 => (Header(1, images.Length + 4), images),
            0 => (Header(1, images.Length), [.. images, 1, 2, 3, 4]),
            1 => (Header(1, images.Length - 4), images[..^4]),
            _ => (Header(1, images.Length), images),
        };
        using HttpResponseMessage response = await _client.PostAsync(Infer, BinaryRequest(json, binary, headerLength.Length > 0 ? headerLength : null));
        using JsonDocument body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.AreEqual(HttpStatusCode.BadRequest, response.StatusCode, body.RootElement.ToString());
        Assert.IsFalse(string.IsNullOrWhiteSpace(body.RootElement.GetProperty("error").GetString()));
    }

    [TestMethod]
    public async Task Classification_ReturnsTheTopKAsValueIndexLabel()
    {
        string pixels = OracleModel.JsonPixels(3);
        string request = $$$"""{"inputs":[{"name":"image","shape":[1,1,28,28],"datatype":"FP32","data":[{{{pixels}}}]}],"outputs":[{"name":"logits","parameters":{"classification":3}}]}""";
        using HttpResponseMessage response = await _client.PostAsync(Infer, new StringContent(request));
        using JsonDocument body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, body.RootElement.ToString());
        JsonElement output = body.RootElement.GetProperty("outputs").EnumerateArray().Single();
        Assert.AreEqual("BYTES", output.GetProperty("datatype").GetString());
        CollectionAssert.AreEqual(new long[] { 1, 3 }, output.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()).ToArray());
        // Class 3 (logit 0), then its neighbours 2 and 4 (logit −4 each, up to float rounding).
        string[][] top = [.. output.GetProperty("data").EnumerateArray().Select(v => v.GetString()!.Split(':'))];
        CollectionAssert.AreEqual(new[] { "3:Dress", "2:Pullover", "4:Coat" }, top.Select(t => $"{t[1]}:{t[2]}").OrderBy(t => t != "3:Dress").ThenBy(t => t).ToArray());
        Assert.AreEqual("3", top[0][1], "the highest first");
        float[] values = [.. top.Select(t => float.Parse(t[0], CultureInfo.InvariantCulture))];
        CollectionAssert.AreEqual(new[] { 0f, -4f, -4f }, values.Select(v => MathF.Round(v, 3)).ToArray());
        Assert.IsTrue(top.All(t => t[0].Split('.')[1].Length == 6), "six decimals, as Triton writes them");
    }

    [TestMethod]
    [DataRow("\"classification\":0", DisplayName = "k = 0")]
    [DataRow("\"classification\":11", DisplayName = "k above the class count")]
    [DataRow("\"classification\":\"3\"", DisplayName = "k as a string")]
    [DataRow("\"binary_data\":1", DisplayName = "binary_data not a bool")]
    public async Task Classification_OutOfRange_Is400NamingTheParameter(string parameter)
    {
        string pixels = string.Join(",", Enumerable.Repeat("0", FashionMnistImage.Pixels));
        string request = $$"""{"inputs":[{"name":"image","shape":[1,1,28,28],"datatype":"FP32","data":[{{pixels}}]}],"outputs":[{"name":"logits","parameters":{""" + parameter + "}}]}";
        using HttpResponseMessage response = await _client.PostAsync(Infer, new StringContent(request));
        using JsonDocument body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.AreEqual(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains($"Parameter '{parameter.Split('"')[1]}'", body.RootElement.GetProperty("error").GetString()!);
    }

    [TestMethod]
    public async Task ServerMetadata_ListsTheExtensionsImplemented()
    {
        using JsonDocument body = JsonDocument.Parse(await _client.GetStringAsync("/v2"));
        CollectionAssert.AreEquivalent(
            new[] { "binary_tensor_data", "classification", "statistics" },
            body.RootElement.GetProperty("extensions").EnumerateArray().Select(e => e.GetString()).ToArray());
    }
}
