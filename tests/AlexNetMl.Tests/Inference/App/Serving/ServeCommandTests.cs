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
        using ChildProcess server = ChildProcess.Start("alexnet-classify", ["serve", "--model", "/no/such/model.zip", "--urls", "http://127.0.0.1:0"]);
        Assert.AreEqual(ExitCodes.BadInput, server.WaitForExit(TimeSpan.FromSeconds(60)), server.Output);
        Assert.Contains("error: '/no/such/model.zip' is neither a model file nor a run folder.", server.Output);
        Assert.DoesNotContain(" at ", server.Output);
    }

    private static (ChildProcess Server, string Url) StartServer()
    {
        int port = FreePort();
        string url = $"http://127.0.0.1:{port}";
        ChildProcess server = ChildProcess.Start("alexnet-classify", ["serve", "--model", TrainedPipeline.ModelZip, "--urls", url]);
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

        return (server, url);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
