using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using AlexNetMl.Pipeline.Data;
using AlexNetMl.Tests.Infrastructure;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace AlexNetMl.Tests.Inference.Serving;

/// <summary>
/// Bodies that are not what they claim, and more clients than the service takes: each is answered with its 4xx or a
/// 503 with Retry-After, in the protocol's error shape, and the service keeps answering correctly afterwards. The model
/// is the 28×28 oracle (grey 20·k is class k); the limits are small so that a few dozen requests overflow them.
/// </summary>
[TestClass]
public sealed class HostileTrafficTests
{
    private const string Infer = "/v2/models/alexnet_fmnist/infer";
    private static OracleServer? _server;
    private static HttpClient _client = null!;

    [ClassInitialize]
    public static async Task StartAsync(TestContext context)
    {
        _server = await OracleServer.StartAsync(new Dictionary<string, string?>
        {
            ["Serving:MaxConcurrentRequests"] = "2",
            ["Serving:QueueLimit"] = "2",
            ["Serving:RetryAfterSeconds"] = "2",
        });
        _client = _server.Client;
    }

    [ClassCleanup]
    public static void Stop() => _server?.Dispose();

    private static string Request(string shape, string data, string datatype = "FP32") =>
        $$"""{"inputs":[{"name":"image","shape":{{shape}},"datatype":"{{datatype}}","data":{{data}}}]}""";

    private static async Task AssertStillCorrectAsync()
    {
        using HttpResponseMessage response = await _client.PostAsync(Infer, new StringContent(Request("[1,1,28,28]", $"[{OracleModel.JsonPixels(5)}]")));
        using JsonDocument body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, body.RootElement.ToString());
        float[] scores = [.. body.RootElement.GetProperty("outputs")[1].GetProperty("data").EnumerateArray().Select(v => v.GetSingle())];
        Assert.AreEqual(5, Array.IndexOf(scores, scores.Max()), "the service still answers correctly");
    }

    public static IEnumerable<object[]> BadBodies =>
    [
        ["broken JSON", "{\"inputs\": [ {\"name\": \"image\", "],
        ["JSON nested 100,000 deep", new string('[', 100_000) + new string(']', 100_000)],
        ["data nested 100,000 deep", Request("[1,1,28,28]", new string('[', 100_000) + new string(']', 100_000))],
        ["a huge batch", Request("[9223372036854775807,1,28,28]", "[0]")],
        ["a shape past int64", Request("[92233720368547758070,1,28,28]", "[0]")],
        ["a negative shape", Request("[-1,1,28,28]", "[0]")],
        ["a shape that overflows when multiplied", Request("[4611686018427387904,4,28,28]", "[0]")],
        ["a fractional shape", Request("[1.5,1,28,28]", "[0]")],
        ["one value short", Request("[1,1,28,28]", $"[{OracleModel.JsonPixels(1, FashionMnistImage.Pixels - 1)}]")],
        ["one value too many", Request("[1,1,28,28]", $"[{OracleModel.JsonPixels(1, FashionMnistImage.Pixels + 1)}]")],
        ["strings for numbers", Request("[1,1,28,28]", $"[\"a\",{OracleModel.JsonPixels(1, FashionMnistImage.Pixels - 1)}]")],
        ["a number past FP32", Request("[1,1,28,28]", $"[1e39,{OracleModel.JsonPixels(1, FashionMnistImage.Pixels - 1)}]")],
        ["objects for numbers", Request("[1,1,28,28]", "[{\"x\":1}]")],
        ["INT64 where FP32 is taken", Request("[1,1,28,28]", $"[{OracleModel.JsonPixels(0)}]", "INT64")],
        ["no inputs", "{\"inputs\":[]}"],
        ["inputs that are not a list", "{\"inputs\":{\"name\":\"image\"}}"],
    ];

    [TestMethod]
    [DynamicData(nameof(BadBodies))]
    public async Task ABodyThatIsNotWhatItClaims_Is400WithAnError_AndTheServiceStaysCorrect(string what, string body)
    {
        using HttpResponseMessage response = await _client.PostAsync(Infer, new StringContent(body));
        string text = await response.Content.ReadAsStringAsync();
        Assert.AreEqual(HttpStatusCode.BadRequest, response.StatusCode, $"{what}: {text}");
        Assert.AreEqual("application/json", response.Content.Headers.ContentType?.MediaType, what);
        using JsonDocument error = JsonDocument.Parse(text);
        Assert.IsFalse(string.IsNullOrWhiteSpace(error.RootElement.GetProperty("error").GetString()), what);
        Assert.DoesNotContain(" at AlexNetMl", text, "no stack trace");
        await AssertStillCorrectAsync();
    }

    [TestMethod]
    public async Task AnImageWhoseHeaderPromisesBillionsOfPixels_Is400BeforeDecoding()
    {
        using HttpResponseMessage response = await _client.PostAsync("/classify", new ByteArrayContent(PngClaiming(50_000, 50_000)) { Headers = { ContentType = new MediaTypeHeaderValue("image/png") } });
        using JsonDocument body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.AreEqual(HttpStatusCode.BadRequest, response.StatusCode, body.RootElement.ToString());
        StringAssert.Contains(body.RootElement.GetProperty("detail").GetString(), "50,000×50,000 pixels is outside");
        await AssertStillCorrectAsync();
    }

    [TestMethod]
    public async Task ManyConcurrentClients_GetOnly200Or503WithRetryAfterAndAnErrorBody()
    {
        string request = Request("[1,1,28,28]", $"[{OracleModel.JsonPixels(7)}]");
        HttpResponseMessage[] responses = await Task.WhenAll(Enumerable.Range(0, 48).Select(_ => Task.Run(() => _client.PostAsync(Infer, new StringContent(request)))));
        try
        {
            foreach (HttpResponseMessage response in responses)
            {
                using JsonDocument body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    float[] scores = [.. body.RootElement.GetProperty("outputs")[1].GetProperty("data").EnumerateArray().Select(v => v.GetSingle())];
                    Assert.AreEqual(7, Array.IndexOf(scores, scores.Max()));
                    continue;
                }

                Assert.AreEqual(HttpStatusCode.ServiceUnavailable, response.StatusCode, body.RootElement.ToString());
                Assert.AreEqual("2", response.Headers.RetryAfter?.ToString());
                Assert.IsFalse(string.IsNullOrWhiteSpace(body.RootElement.GetProperty("error").GetString()));
            }

            Assert.IsTrue(responses.Any(r => r.StatusCode == HttpStatusCode.OK), "some are served");
            Assert.IsTrue(responses.Any(r => r.StatusCode == HttpStatusCode.ServiceUnavailable), "48 at once overflow 2 slots and a queue of 2");
        }
        finally
        {
            Array.ForEach(responses, r => r.Dispose());
        }

        await AssertStillCorrectAsync();
    }

    // A real 1×1 PNG whose header is rewritten to claim width × height (CRC fixed), so only the header lies.
    private static byte[] PngClaiming(int width, int height)
    {
        using var image = new Image<L8>(1, 1);
        using var stream = new MemoryStream();
        image.SaveAsPng(stream);
        byte[] png = stream.ToArray();
        const int Ihdr = 8; // after the signature: length (4), type (4), data (13), CRC (4)
        BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(Ihdr + 8), width);
        BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(Ihdr + 12), height);
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(Ihdr + 8 + 13), Crc32(png.AsSpan(Ihdr + 4, 4 + 13)));
        Assert.AreEqual("IHDR", Encoding.ASCII.GetString(png, Ihdr + 4, 4));
        return png;
    }

    // PNG's CRC-32 (ISO 3309, reflected polynomial 0xEDB88320).
    private static uint Crc32(ReadOnlySpan<byte> bytes)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in bytes)
        {
            crc ^= b;
            for (int bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320 : crc >> 1;
            }
        }

        return ~crc;
    }
}
