using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using AlexNetMl.Contract.Model;
using AlexNetMl.Inference.Classification;
using AlexNetMl.Inference.Serving;
using AlexNetMl.Inference.Serving.Scoring;
using AlexNetMl.Pipeline.Data;
using AlexNetMl.Pipeline.Transforms;
using AlexNetMl.Training.Planning;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace AlexNetMl.Bench.Subjects;

/// <summary>
/// The web service under local load, each configuration started in this process on 127.0.0.1 and measured side by
/// side: <c>/classify</c> with the int8 model and dynamic batching against fp32 without batching (8 clients, and the
/// latency cost at 1 client), the batching defaults against their neighbours, a 64-image batch as binary tensor data
/// against JSON and against gRPC, and a soak whose memory must stay flat.
/// </summary>
public sealed class ServingBench : IBenchSubject
{
    private const string Section = "serving";

    // The configuration keys the rows vary, as the service binds them.
    private const string MaxBatchSize = $"{BatchingOptions.Section}:{nameof(BatchingOptions.MaxBatchSize)}";
    private const string MaxQueueDelay = $"{BatchingOptions.Section}:{nameof(BatchingOptions.MaxQueueDelayMicroseconds)}";

    public void Run(BenchContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        string fp32 = BenchModels.RandomAlexNetOnnx(context), int8 = BenchModels.RandomAlexNetInt8Onnx(context);
        byte[] png = Png(context.Test.Image(0));
        int clients = context.Settings.ServingClients;
        var defaults = new BatchingOptions();
        var unbatched = new Dictionary<string, string> { [MaxBatchSize] = "1" };

        ClassifyLoad fp32Alone = Classify(context, fp32, unbatched, clients, png);
        ClassifyLoad int8Batched = Classify(context, int8, [], clients, png);
        Add(context, $"/classify, fp32, no batching, {clients} clients", fp32Alone);
        Add(context, $"/classify, int8, dynamic batching, {clients} clients", int8Batched);
        double speedUp = int8Batched.RequestsPerSecond / fp32Alone.RequestsPerSecond;
        context.Add(Section, "int8 batched / fp32 unbatched, requests/s", speedUp, "ratio", "≥ 2.5", speedUp >= 2.5);

        ClassifyLoad int8Alone1 = Classify(context, int8, unbatched, 1, png);
        ClassifyLoad int8Batched1 = Classify(context, int8, [], 1, png);
        Add(context, "/classify, int8, no batching, 1 client", int8Alone1);
        Add(context, "/classify, int8, dynamic batching, 1 client", int8Batched1);
        double allowed = (int8Alone1.P50 * 1.1) + defaults.MaxQueueDelay.TotalMilliseconds;
        context.Add(Section, "p50 at 1 client, batching − no batching", int8Batched1.P50 - int8Alone1.P50, "ms",
            $"≤ 10 % + max queue delay ({allowed - int8Alone1.P50:F2} ms)", int8Batched1.P50 <= allowed);

        MeasureDefaults(context, int8, png, clients, int8Batched.RequestsPerSecond);
        MeasureBatchTransports(context, int8);
        Soak(context, int8, png);

        context.Note($"Serving rows: the random AlexNet (fp32, and its int8 export) served in the bench process with warnings-only logging; clients on 127.0.0.1 each send one request " +
                     $"and wait for its answer, {context.Settings.ServingSeconds} s per row. \"No batching\" is Batching:MaxBatchSize 1; \"dynamic batching\" is the defaults " +
                     $"(MaxBatchSize {defaults.MaxBatchSize}, MaxQueueDelayMicroseconds {defaults.MaxQueueDelayMicroseconds}). The transport rows raise the body cap to 64 MB for the JSON batch.");
    }

    private sealed record ClassifyLoad(double RequestsPerSecond, double P50, double P99, int Busy);

    private static void Add(BenchContext context, string name, ClassifyLoad load)
    {
        context.Add(Section, $"{name}: requests/s", load.RequestsPerSecond, "requests/s");
        context.Add(Section, $"{name}: p50 latency", load.P50, "ms");
        context.Add(Section, $"{name}: p99 latency", load.P99, "ms");
        if (load.Busy > 0)
        {
            context.Add(Section, $"{name}: answered 503", load.Busy, "requests");
        }
    }

    // The batching defaults against their neighbours: the queue delay at 0 and 4×, the max batch at a quarter.
    private static void MeasureDefaults(BenchContext context, string model, byte[] png, int clients, double atDefaults)
    {
        var defaults = new BatchingOptions();
        (string Name, Dictionary<string, string> Settings)[] neighbours =
        [
            ("MaxQueueDelayMicroseconds 0", new() { [MaxQueueDelay] = "0" }),
            ($"MaxQueueDelayMicroseconds {defaults.MaxQueueDelayMicroseconds * 4}", new() { [MaxQueueDelay] = (defaults.MaxQueueDelayMicroseconds * 4).ToString(CultureInfo.InvariantCulture) }),
            ($"MaxBatchSize {defaults.MaxBatchSize / 4}", new() { [MaxBatchSize] = (defaults.MaxBatchSize / 4).ToString(CultureInfo.InvariantCulture) }),
        ];
        foreach ((string name, Dictionary<string, string> settings) in neighbours)
        {
            double rate = Classify(context, model, settings, clients, png).RequestsPerSecond;
            context.Add(Section, $"batching default check, {name} (int8, {clients} clients): requests/s / the defaults'", rate / atDefaults, "ratio");
        }
    }

    // One 64-image request at a time: JSON, binary tensor data, and gRPC with raw contents, on one service.
    private static void MeasureBatchTransports(BenchContext context, string model)
    {
        int batch = context.Settings.ServingBatch;
        // A 64-image batch of 224×224 images as JSON text is about the default 20 MB body cap; the JSON row needs room.
        using Served served = Served.Start(model, new() { [$"{ServingOptions.Section}:{nameof(ServingOptions.MaxRequestBodyBytes)}"] = (64L << 20).ToString(CultureInfo.InvariantCulture) });
        ModelContract contract = served.Contract;
        float[] images = new float[batch * contract.InputHeight * contract.InputWidth];
        for (int i = 0; i < batch; i++)
        {
            ImageUpsampler.ToModelInput(context.Test.Image(i), images.AsSpan(i * contract.InputHeight * contract.InputWidth, contract.InputHeight * contract.InputWidth), contract);
        }

        var transports = new ServingTransports(served.Address, served.GrpcAddress, contract, batch, images);
        double json = batch * Rate(context, transports.JsonAsync);
        double binary = batch * Rate(context, transports.BinaryAsync);
        double grpc = batch * Rate(context, transports.GrpcAsync);
        context.Add(Section, $"infer, {batch} images per request as JSON", json, "images/s");
        context.Add(Section, $"infer, {batch} images per request as binary tensor data", binary, "images/s");
        context.Add(Section, $"gRPC ModelInfer, {batch} images per request in raw_input_contents", grpc, "images/s");
        context.Add(Section, "binary / JSON, images/s", binary / json, "ratio", "≥ 3", binary >= 3 * json);
        context.Add(Section, "gRPC raw / binary REST, images/s", grpc / binary, "ratio", "≥ 0.90", grpc >= 0.9 * binary);
        transports.Dispose();
    }

    // Mixed traffic for the soak time; the process's resident memory after the first tenth against the end.
    private static void Soak(BenchContext context, string model, byte[] png)
    {
        using Served served = Served.Start(model, []);
        TimeSpan duration = TimeSpan.FromSeconds(context.Settings.SoakSeconds);
        var watch = Stopwatch.StartNew();
        long requests = 0, failures = 0, afterWarmUp = 0;
        using var client = new HttpClient { BaseAddress = served.Address, Timeout = TimeSpan.FromMinutes(1) };
        Task[] load = [.. Enumerable.Range(0, context.Settings.ServingClients).Select(_ => Task.Run(async () =>
        {
            while (watch.Elapsed < duration)
            {
                using HttpResponseMessage response = await client.PostAsync("/classify", new ByteArrayContent(png) { Headers = { ContentType = new("image/png") } });
                Interlocked.Increment(ref requests);
                if (response.StatusCode is not (HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable))
                {
                    Interlocked.Increment(ref failures);
                }
            }
        }))];
        while (!Task.WaitAll(load, TimeSpan.FromSeconds(1)))
        {
            if (afterWarmUp == 0 && watch.Elapsed >= duration / 10)
            {
                GC.Collect();
                afterWarmUp = ProcessMemory.CurrentBytes();
            }
        }

        GC.Collect();
        long atEnd = ProcessMemory.CurrentBytes();
        double growth = afterWarmUp == 0 ? 0 : (double)(atEnd - afterWarmUp) / afterWarmUp;
        context.Add(Section, $"soak, {duration.TotalSeconds:N0} s of /classify at {context.Settings.ServingClients} clients: requests answered", requests, "requests");
        context.Add(Section, "soak: answers other than 200 or 503", failures, "requests", "0", failures == 0);
        context.Add(Section, "soak: resident memory after the first tenth", afterWarmUp / 1e6, "MB");
        context.Add(Section, "soak: resident memory growth from then to the end", growth * 100, "%", "≤ 5 %", growth <= 0.05);
        context.Log($"serving soak: {requests} requests, RSS {afterWarmUp / 1e6:F0} → {atEnd / 1e6:F0} MB");
    }

    private static ClassifyLoad Classify(BenchContext context, string model, Dictionary<string, string> settings, int clients, byte[] png)
    {
        using Served served = Served.Start(model, settings);
        using var client = new HttpClient { BaseAddress = served.Address, Timeout = TimeSpan.FromMinutes(1) };
        Func<HttpContent> body = () => new ByteArrayContent(png) { Headers = { ContentType = new("image/png") } };
        using (HttpResponseMessage warmUp = client.PostAsync("/classify", body()).GetAwaiter().GetResult())
        {
            warmUp.EnsureSuccessStatusCode();
        }

        var latencies = new List<double>[clients];
        int busy = 0;
        var deadline = Stopwatch.StartNew();
        TimeSpan duration = TimeSpan.FromSeconds(context.Settings.ServingSeconds);
        Task[] load = [.. Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
        {
            latencies[c] = [];
            while (deadline.Elapsed < duration)
            {
                long started = Stopwatch.GetTimestamp();
                using HttpResponseMessage response = await client.PostAsync("/classify", body());
                if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
                {
                    Interlocked.Increment(ref busy);
                    continue;
                }

                response.EnsureSuccessStatusCode();
                latencies[c].Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }))];
        Task.WaitAll(load);
        double[] sorted = [.. latencies.SelectMany(l => l).Order()];
        var result = new ClassifyLoad(sorted.Length / deadline.Elapsed.TotalSeconds, BenchModels.Percentile(sorted, 0.50), BenchModels.Percentile(sorted, 0.99), busy);
        context.Log($"serving /classify {Path.GetFileName(model)} {string.Join(" ", settings.Select(s => $"{s.Key}={s.Value}"))} x{clients}: {result.RequestsPerSecond:F1} requests/s, p50 {result.P50:F1} ms");
        return result;
    }

    // Requests per second of one client sending one request at a time for the serving time (after one warm-up request).
    private static double Rate(BenchContext context, Func<Task> send)
    {
        send().GetAwaiter().GetResult();
        var watch = Stopwatch.StartNew();
        int done = 0;
        while (watch.Elapsed.TotalSeconds < context.Settings.ServingSeconds)
        {
            send().GetAwaiter().GetResult();
            done++;
        }

        return done / watch.Elapsed.TotalSeconds;
    }

    private static byte[] Png(ReadOnlySpan<byte> pixels)
    {
        using Image<L8> image = Image.LoadPixelData<L8>(pixels, FashionMnistImage.Side, FashionMnistImage.Side);
        using var stream = new MemoryStream();
        image.SaveAsPng(stream);
        return stream.ToArray();
    }

    // One configuration of the service, started in this process on free local ports and stopped on dispose.
    private sealed class Served : IDisposable
    {
        private readonly WebApplication _app;

        private Served(WebApplication app, Uri address, Uri grpcAddress)
        {
            (_app, Address, GrpcAddress) = (app, address, grpcAddress);
            Contract = app.Services.GetRequiredService<FashionClassifier>().Contract;
        }

        public Uri Address { get; }

        public Uri GrpcAddress { get; }

        public ModelContract Contract { get; }

        public static Served Start(string model, Dictionary<string, string> settings)
        {
            string grpc = $"http://127.0.0.1:{FreePort()}";
            // Warnings only: a log line per request would cost the service time the bench is measuring.
            WebApplication app = ServingHost.CreateApplication(model, "http://127.0.0.1:0", grpcUrls: grpc, customize: builder =>
            {
                builder.Logging.SetMinimumLevel(LogLevel.Warning);
                builder.Services.AddSingleton<IHostLifetime, EmbeddedHostLifetime>();
                foreach ((string key, string value) in settings)
                {
                    builder.Configuration[key] = value;
                }
            });
            app.StartAsync().GetAwaiter().GetResult();
            app.Services.GetRequiredService<ModelReadiness>().Loaded.Wait(TimeSpan.FromMinutes(5));
            return new Served(app, new Uri(app.Urls.First(u => !u.EndsWith($":{new Uri(grpc).Port}", StringComparison.Ordinal))), new Uri(grpc));
        }

        public void Dispose()
        {
            _app.StopAsync().GetAwaiter().GetResult();
            _app.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
    }
}
