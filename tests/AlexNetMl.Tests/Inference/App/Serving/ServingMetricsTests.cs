using System.Globalization;
using System.Net;
using System.Text.Json;
using AlexNetMl.Inference.Serving.Metrics;
using AlexNetMl.Inference.Serving.Scoring;
using AlexNetMl.Tests.Infrastructure;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AlexNetMl.Tests.Inference.Serving;

/// <summary>
/// Batching, metrics and statistics through the service, with the model held busy on demand (a gated scorer around the
/// real ONNX session of the 28×28 oracle, whose class for grey 20·k is k): concurrent requests share runs and keep their
/// answers, /metrics and /v2/.../stats count the same, a full queue is a 503 with Retry-After and an error body, and an
/// abandoned request is never scored.
/// </summary>
[TestClass]
public sealed class ServingMetricsTests
{
    private const string Infer = "/v2/models/alexnet_fmnist/infer";

    private static string Request(int k) =>
        $$$"""{"inputs":[{"name":"image","shape":[1,1,28,28],"datatype":"FP32","data":[{{{OracleModel.JsonPixels(k)}}}]}],"outputs":[{"name":"probabilities","parameters":{"classification":1}}]}""";

    private static async Task<int> PredictedAsync(HttpClient client, int k)
    {
        using HttpResponseMessage response = await client.PostAsync(Infer, new StringContent(Request(k)));
        using JsonDocument body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, body.RootElement.ToString());
        return int.Parse(body.RootElement.GetProperty("outputs")[0].GetProperty("data")[0].GetString()!.Split(':')[1], CultureInfo.InvariantCulture);
    }

    // The service with its batcher over a gated scorer around the real session; settings as configuration keys.
    private static (ServingFactory Factory, GatedScorer Scorer, Func<HttpClient> Client, DynamicBatcher Batcher) Start(TempFolder temp, Dictionary<string, string?> settings)
    {
        var factory = new ServingFactory(OracleServer.WriteModel(temp), settings);
        GatedScorer? scorer = null;
        var gated = factory.WithWebHostBuilder(web => web.ConfigureTestServices(services => services.AddSingleton(provider =>
        {
            scorer = new GatedScorer(provider.GetRequiredService<OnnxInference>());
            return new DynamicBatcher(scorer, provider.GetRequiredService<IOptions<BatchingOptions>>().Value, provider.GetRequiredService<InferenceMetrics>());
        })));
        HttpClient client = gated.CreateClient();
        gated.Services.GetRequiredService<AlexNetMl.Inference.Serving.ModelReadiness>().Loaded.Wait(TimeSpan.FromMinutes(1));
        return (factory, scorer!, gated.CreateClient, gated.Services.GetRequiredService<DynamicBatcher>());
    }

    private static double Metric(string text, string name) =>
        text.Split('\n').Where(l => l.StartsWith(name + "{", StringComparison.Ordinal) && l.Contains("model=\"alexnet_fmnist\"", StringComparison.Ordinal) && l.Contains("version=\"1\"", StringComparison.Ordinal))
            .Sum(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));

    [TestMethod]
    public async Task SixteenConcurrentRequests_KeepTheirAnswers_InFewerRuns_AndMetricsAndStatsAgree()
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        (ServingFactory factory, GatedScorer scorer, Func<HttpClient> newClient, _) = Start(temp, new() { ["Batching:MaxQueueDelayMicroseconds"] = "50000", ["Batching:MaxBatchSize"] = "16" });
        using (factory)
        using (HttpClient client = newClient())
        {
            int[] sequential = [.. await Task.WhenAll(Enumerable.Range(0, 10).Select(async k => await PredictedAsync(client, k)))];
            scorer.Hold();
            Task<int>[] concurrent = [.. Enumerable.Range(0, 16).Select(i => Task.Run(() => PredictedAsync(client, i % 10)))];
            Assert.IsTrue(await scorer.RunStartedAsync(TimeSpan.FromSeconds(30)));
            await Task.Delay(500);
            scorer.Release();
            int[] answers = await Task.WhenAll(concurrent);

            CollectionAssert.AreEqual(Enumerable.Range(0, 10).ToArray(), sequential.Order().ToArray(), "the oracle's known answers");
            CollectionAssert.AreEqual(Enumerable.Range(0, 16).Select(i => i % 10).ToArray(), answers, "batched answers are the sequential ones");

            string metrics = await client.GetStringAsync("/metrics");
            double inferences = Metric(metrics, "nv_inference_count");
            double executions = Metric(metrics, "nv_inference_exec_count");
            Assert.AreEqual(26, inferences, metrics);
            Assert.AreEqual(scorer.Batches.Count, executions, "one execution per model run");
            Assert.IsLessThan(inferences, executions, "requests shared runs");
            Assert.AreEqual(26, Metric(metrics, "nv_inference_request_success"));

            using JsonDocument stats = JsonDocument.Parse(await client.GetStringAsync("/v2/models/alexnet_fmnist/versions/1/stats"));
            JsonElement model = stats.RootElement.GetProperty("model_stats")[0];
            Assert.AreEqual((long)inferences, model.GetProperty("inference_count").GetInt64());
            Assert.AreEqual((long)executions, model.GetProperty("execution_count").GetInt64());
            Assert.AreEqual(26, model.GetProperty("inference_stats").GetProperty("success").GetProperty("count").GetInt64());
            Assert.AreEqual(
                Math.Round(Metric(metrics, "nv_inference_compute_infer_duration_us") * 1000),
                model.GetProperty("inference_stats").GetProperty("compute_infer").GetProperty("ns").GetInt64(),
                "stats read the counters /metrics shows");
            Assert.AreEqual((long)executions, model.GetProperty("batch_stats").EnumerateArray().Sum(b => b.GetProperty("compute_infer").GetProperty("count").GetInt64()));
        }
    }

    [TestMethod]
    public async Task AFullQueue_Is503WithRetryAfterAndAnErrorBody_AndAnAbandonedRequestIsNotScored()
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        (ServingFactory factory, GatedScorer scorer, Func<HttpClient> newClient, DynamicBatcher batcher) = Start(temp, new() { ["Batching:MaxBatchSize"] = "1", ["Batching:QueueCapacity"] = "1", ["Serving:RetryAfterSeconds"] = "3" });
        using (factory)
        using (HttpClient client = newClient())
        {
            await PredictedAsync(client, 1);
            int runsBefore = scorer.Batches.Count;
            scorer.Hold();
            Task<int> running = PredictedAsync(client, 2);
            Assert.IsTrue(await scorer.RunStartedAsync(TimeSpan.FromSeconds(30)));
            using var gone = new CancellationTokenSource();
            Task<HttpResponseMessage> abandoned = client.PostAsync(Infer, new StringContent(Request(9)), gone.Token);
            for (int i = 0; i < 200 && batcher.QueuedRequests == 0; i++)
            {
                await Task.Delay(50);
            }

            Assert.AreEqual(1, batcher.QueuedRequests, "the abandoned request waits in the queue, filling it");

            using HttpResponseMessage refused = await client.PostAsync(Infer, new StringContent(Request(3)));
            using JsonDocument body = JsonDocument.Parse(await refused.Content.ReadAsStringAsync());
            Assert.AreEqual(HttpStatusCode.ServiceUnavailable, refused.StatusCode, body.RootElement.ToString());
            Assert.AreEqual("3", refused.Headers.RetryAfter?.ToString());
            StringAssert.Contains(body.RootElement.GetProperty("error").GetString()!, "queue is full");

            await gone.CancelAsync();
            await Assert.ThrowsAsync<TaskCanceledException>(() => abandoned);
            scorer.Release();
            Assert.AreEqual(2, await running);
            Assert.AreEqual(4, await PredictedAsync(client, 4));
            Assert.AreEqual(2, scorer.Batches.Count - runsBefore, "the running request and the last one; never the abandoned one");
            Assert.IsFalse(scorer.Batches.Skip(runsBefore).Any(b => b.Contains(OracleModel.Grey(9))), "the abandoned image never reached the model");
            string metrics = await client.GetStringAsync("/metrics");
            Assert.Contains("reason=\"REJECTED\"", metrics);
        }
    }
}
