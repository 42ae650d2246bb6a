using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Net;
using AlexNetMl.Contract.Model;
using AlexNetMl.Inference.Classification;
using AlexNetMl.Inference.Serving;
using AlexNetMl.Pipeline.Data;
using AlexNetMl.Pipeline.Transforms;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp;

namespace AlexNetMl.Bench.Subjects;

/// <summary>
/// The web service under a bounded local load: a few clients on 127.0.0.1 sending one image per request for a fixed
/// time, against <c>POST /classify</c> (a PNG) and <c>POST /v2/models/{name}/infer</c> (a JSON tensor).
/// </summary>
public sealed class ServingBench : IBenchSubject
{
    public void Run(BenchContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        // Warnings only: a log line per request would cost the service time the bench is measuring.
        using WebApplication app = ServingHost.CreateApplication(BenchModels.RandomAlexNetOnnx(context), "http://127.0.0.1:0", customize: builder => builder.Logging.SetMinimumLevel(LogLevel.Warning));
        app.StartAsync().GetAwaiter().GetResult();
        try
        {
            app.Services.GetRequiredService<ModelReadiness>().Loaded.Wait(TimeSpan.FromMinutes(5));
            var address = new Uri(app.Urls.First());
            ModelContract contract = app.Services.GetRequiredService<FashionClassifier>().Contract;
            byte[] png = Png(context.Test.Image(0));
            float[] tensor = new float[contract.InputHeight * contract.InputWidth];
            ImageUpsampler.ToModelInput(context.Test.Image(0), tensor, contract);
            var infer = new
            {
                inputs = new[] { new { name = contract.InputName, shape = new long[] { 1, contract.InputChannels, contract.InputHeight, contract.InputWidth }, datatype = "FP32", data = tensor } },
            };

            Load(context, address, "/classify", () => new ByteArrayContent(png) { Headers = { ContentType = new("image/png") } });
            Load(context, address, $"/v2/models/{contract.ModelName}/infer", () => JsonContent.Create(infer));
        }
        finally
        {
            app.StopAsync().GetAwaiter().GetResult();
        }

        context.Note($"Serving rows: {context.Settings.ServingClients} clients on 127.0.0.1 for {context.Settings.ServingSeconds} s per endpoint, each sending one image per request " +
                     "and waiting for the answer; the service runs in the bench process with its defaults (the random AlexNet, fp32).");
    }

    private static void Load(BenchContext context, Uri address, string path, Func<HttpContent> body)
    {
        using var client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromMinutes(1) };
        using HttpResponseMessage warmUp = client.PostAsync(path, body()).GetAwaiter().GetResult();
        warmUp.EnsureSuccessStatusCode();

        var latencies = new ConcurrentBag<double>();
        int busy = 0;
        var deadline = Stopwatch.StartNew();
        TimeSpan duration = TimeSpan.FromSeconds(context.Settings.ServingSeconds);
        Task[] clients = Enumerable.Range(0, context.Settings.ServingClients).Select(_ => Task.Run(async () =>
        {
            while (deadline.Elapsed < duration)
            {
                var watch = Stopwatch.StartNew();
                using HttpResponseMessage response = await client.PostAsync(path, body());
                if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
                {
                    Interlocked.Increment(ref busy);
                    continue;
                }

                response.EnsureSuccessStatusCode();
                latencies.Add(watch.Elapsed.TotalMilliseconds);
            }
        })).ToArray();
        Task.WaitAll(clients);
        double seconds = deadline.Elapsed.TotalSeconds;

        double[] sorted = latencies.Order().ToArray();
        string name = path.StartsWith("/v2", StringComparison.Ordinal) ? "/v2/.../infer" : path;
        context.Add("serving", $"{name}: requests/s, {context.Settings.ServingClients} clients", sorted.Length / seconds, "requests/s");
        context.Add("serving", $"{name}: p50 latency", BenchModels.Percentile(sorted, 0.50), "ms");
        context.Add("serving", $"{name}: p99 latency", BenchModels.Percentile(sorted, 0.99), "ms");
        context.Add("serving", $"{name}: answered 503 (queue full)", busy, "requests");
        context.Log($"serving {name}: {sorted.Length / seconds:F1} requests/s, p50 {BenchModels.Percentile(sorted, 0.50):F1} ms");
    }

    private static byte[] Png(ReadOnlySpan<byte> pixels)
    {
        using Image<L8> image = Image.LoadPixelData<L8>(pixels, FashionMnistImage.Side, FashionMnistImage.Side);
        using var stream = new MemoryStream();
        image.SaveAsPng(stream);
        return stream.ToArray();
    }
}
