using System.Text;
using System.Text.Json;
using AlexNetMl.Inference.Serving.Grpc.Wire;
using Grpc.Net.Client;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Net;
using AlexNetMl.Contract.Programs;
using AlexNetMl.Inference.Classification;
using AlexNetMl.Tests.Infrastructure;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;
using OpenQA.Selenium;

namespace AlexNetMl.Tests.Inference.Serving;

/// <summary><c>alexnet-classify serve</c> as users run it: a separate process on a real port.</summary>
[TestClass]
public sealed class ServeCommandTests
{
    private const string Chromium = "/usr/bin/chromium";
    private const string ChromeDriver = "/usr/bin/chromedriver";

    [TestMethod]
    public void Page_InARealBrowserClassifiesAnUploadedPng()
    {
        if (!File.Exists(Chromium) || !File.Exists(ChromeDriver))
        {
            Assert.Inconclusive($"No browser: {Chromium} and {ChromeDriver} come from Debian's chromium and chromium-driver, which .ci/run installs.");
        }

        using TempFolder temp = TestPaths.NewTempFolder();
        string png = TestImages.SaveTestImagePng(temp.File("boot.png"), 0);
        string expected;
        using (var classifier = new FashionClassifier(new FashionClassifierOptions { ModelPath = TrainedPipeline.ModelZip }))
        {
            expected = classifier.Predict(png).ClassName;
        }

        (ChildProcess server, string url) = StartServer();
        using (server)
        {
            var options = new ChromeOptions { BinaryLocation = Chromium };
            options.AddArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", $"--user-data-dir={temp.File("profile")}");
            using ChromeDriverService service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(ChromeDriver), Path.GetFileName(ChromeDriver));
            service.HideCommandPromptWindow = true;
            using var driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
            driver.Navigate().GoToUrl(url);
            driver.FindElement(By.Id("file")).SendKeys(png);
            var wait = new WebDriverWait(driver, TimeSpan.FromSeconds(60));
            string shown = wait.Until(d => d.FindElement(By.Id("prediction")).Text is { Length: > 0 } text ? text : null);

            Assert.AreEqual(expected, shown);
            Assert.HasCount(10, driver.FindElements(By.CssSelector("#bars li")), "a bar for each class");
            Assert.IsNotEmpty(driver.FindElements(By.CssSelector("#examples button")), "the example strip is there");
        }
    }

    [TestMethod]
    public async Task Sigterm_LetsInFlightRequestsFinishThenStops()
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        byte[] png = File.ReadAllBytes(TestImages.SaveTestImagePng(temp.File("item.png"), 1));
        (ChildProcess server, string url) = StartServer();
        using (server)
        {
            using var client = new HttpClient { BaseAddress = new Uri(url) };
            Task<HttpResponseMessage>[] inFlight = Enumerable.Range(0, 4)
                .Select(_ => client.PostAsync("/classify", new ByteArrayContent(png) { Headers = { ContentType = new MediaTypeHeaderValue("image/png") } })).ToArray();
            await Task.Delay(50);
            server.Signal(Signals.Terminate);

            HttpResponseMessage[] answered = await Task.WhenAll(inFlight);
            Assert.IsTrue(answered.All(r => r.StatusCode == HttpStatusCode.OK), string.Join(", ", answered.Select(r => r.StatusCode)));
            Assert.AreEqual(ExitCodes.Success, server.WaitForExit(TimeSpan.FromSeconds(60)), server.Output);
            await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync("/v2/health/live"), "new requests are refused");
        }
    }

    [TestMethod]
    public void Serve_WithABadModelExitsWith2AndOneLine()
    {
        using ChildProcess server = ChildProcess.Start("alexnet-classify", ["serve", "--model", "/no/such/model.zip", "--urls", "http://127.0.0.1:0", "--grpc-urls", "none"]);
        Assert.AreEqual(ExitCodes.BadInput, server.WaitForExit(TimeSpan.FromSeconds(60)), server.Output);
        Assert.Contains("error: '/no/such/model.zip' is neither a model file nor a run folder.", server.Output);
        Assert.DoesNotContain(" at ", server.Output);
    }

    [TestMethod]
    public async Task Serve_AnswersGrpcOnItsOwnHttp2Port_WithRestsAnswer()
    {
        (ChildProcess server, string url, string grpcUrl) = StartServerWithGrpc();
        using (server)
        {
            StringAssert.Contains(server.Output, $"gRPC (inference.GRPCInferenceService) on {grpcUrl}.");
            using var channel = GrpcChannel.ForAddress(grpcUrl);
            var grpc = new GRPCInferenceService.GRPCInferenceServiceClient(channel);
            Assert.IsTrue((await grpc.ServerReadyAsync(new ServerReadyRequest())).Ready);
            ModelMetadataResponse metadata = await grpc.ModelMetadataAsync(new ModelMetadataRequest { Name = "alexnet_fmnist" });
            long[] shape = [1, .. metadata.Inputs[0].Shape.Skip(1)];
            float[] image = [.. Enumerable.Range(0, (int)shape.Aggregate(1L, (a, b) => a * b)).Select(i => i % 7 / 7f)];

            var request = new ModelInferRequest { ModelName = "alexnet_fmnist", Inputs = { new ModelInferRequest.Types.InferInputTensor { Name = metadata.Inputs[0].Name, Datatype = "FP32", Shape = { shape }, Contents = new() { Fp32Contents = { image } } } } };
            request.Outputs.Add(new ModelInferRequest.Types.InferRequestedOutputTensor { Name = "logits" });
            ModelInferResponse answer = await grpc.ModelInferAsync(request);
            float[] grpcLogits = [.. Enumerable.Range(0, 10).Select(i => BitConverter.ToSingle(answer.RawOutputContents[0].Span[(4 * i)..]))];

            using var rest = new HttpClient { BaseAddress = new Uri(url) };
            string json = JsonSerializer.Serialize(new { inputs = new[] { new { name = metadata.Inputs[0].Name, shape, datatype = "FP32", data = image } }, outputs = new[] { new { name = "logits" } } });
            using JsonDocument body = JsonDocument.Parse(await (await rest.PostAsync("/v2/models/alexnet_fmnist/infer", new StringContent(json))).Content.ReadAsStringAsync());
            float[] restLogits = [.. body.RootElement.GetProperty("outputs")[0].GetProperty("data").EnumerateArray().Select(v => v.GetSingle())];
            CollectionAssert.AreEqual(restLogits, grpcLogits, "the same model, the same answer, whichever protocol");
        }
    }

    [TestMethod]
    public async Task AClientThatStallsMidBody_IsCutOff_WhileOthersAreAnswered()
    {
        (ChildProcess server, string url) = StartServer();
        using (server)
        {
            var address = new Uri(url);
            using var stalled = new TcpClient();
            await stalled.ConnectAsync(address.Host, address.Port);
            NetworkStream stream = stalled.GetStream();
            byte[] head = System.Text.Encoding.ASCII.GetBytes($"POST /v2/models/alexnet_fmnist/infer HTTP/1.1\r\nHost: {address.Authority}\r\nContent-Length: 100000\r\n\r\n{{\"inputs\":[");
            await stream.WriteAsync(head);

            using var client = new HttpClient { BaseAddress = address };
            for (int i = 0; i < 3; i++)
            {
                Assert.AreEqual(HttpStatusCode.OK, (await client.GetAsync("/v2/health/ready")).StatusCode, "others are answered during the stall");
                await Task.Delay(1000);
            }

            // Kestrel's minimum body data rate (240 bytes/s after a 5 s grace) ends the stalled request: an answer, then the close.
            stream.ReadTimeout = 30_000;
            byte[] buffer = new byte[4096];
            var answer = new StringBuilder();
            var watch = System.Diagnostics.Stopwatch.StartNew();
            int read;
            while ((read = await stream.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(30))) > 0)
            {
                answer.Append(System.Text.Encoding.ASCII.GetString(buffer, 0, read));
            }

            Assert.IsLessThan(30, watch.Elapsed.TotalSeconds, "the stalled connection was closed");
            StringAssert.StartsWith(answer.ToString(), "HTTP/1.1 408", answer.ToString());
            Assert.AreEqual(HttpStatusCode.OK, (await client.GetAsync("/v2/health/ready")).StatusCode);
        }
    }

    private static (ChildProcess Server, string Url) StartServer()
    {
        (ChildProcess server, string url, _) = StartServerWithGrpc();
        return (server, url);
    }

    private static (ChildProcess Server, string Url, string GrpcUrl) StartServerWithGrpc()
    {
        int port = FreePort();
        string url = $"http://127.0.0.1:{port}";
        string grpcUrl = $"http://127.0.0.1:{FreePort()}";
        ChildProcess server = ChildProcess.Start("alexnet-classify", ["serve", "--model", TrainedPipeline.ModelZip, "--urls", url, "--grpc-urls", grpcUrl]);
        using var client = new HttpClient { BaseAddress = new Uri(url) };
        bool ready = server.WaitFor(() =>
        {
            try
            {
                return client.GetAsync("/v2/health/ready").GetAwaiter().GetResult().StatusCode == HttpStatusCode.OK;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(120), pollMilliseconds: 200);
        if (!ready)
        {
            server.Dispose();
            throw new AssertFailedException($"The server never got ready. Output:\n{server.Output}");
        }

        return (server, url, grpcUrl);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
