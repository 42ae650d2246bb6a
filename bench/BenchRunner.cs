using System.Diagnostics;
using AlexNetMl.Export.Onnx;
using AlexNetMl.Inference.Classification;
using AlexNetMl.Pipeline.Data;
using AlexNetMl.Pipeline.DataView;
using AlexNetMl.Pipeline.Evaluation;
using AlexNetMl.Pipeline.Scoring;
using AlexNetMl.Pipeline.Transforms;
using AlexNetMl.Training.Data;
using AlexNetMl.Training.Models;
using AlexNetMl.Training.Training;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;
using TorchSharp;
using static TorchSharp.torch;

namespace AlexNetMl.Bench;

/// <summary>Runs every benchmark item in this one process, so that ratios between items are fair.</summary>
public sealed class BenchRunner
{
    private readonly BenchSettings _settings;
    private readonly FashionMnistDataset _train;
    private readonly FashionMnistDataset _test;
    private readonly string _workDirectory;
    private readonly List<Figure> _figures = [];
    private readonly List<string> _notes = [];
    private readonly Action<string> _log;

    private readonly IReadOnlyList<string> _runDirectories;

    public BenchRunner(BenchSettings settings, string dataDirectory, string workDirectory, Action<string> log, IReadOnlyList<string>? runDirectories = null)
    {
        _runDirectories = runDirectories ?? [];
        _settings = settings;
        _train = FashionMnistDataset.Load(dataDirectory, FashionMnistSplit.Train);
        _test = FashionMnistDataset.Load(dataDirectory, FashionMnistSplit.Test);
        _workDirectory = workDirectory;
        _log = log;
    }

    /// <summary>Runs all items and returns the report.</summary>
    public BenchReport Run()
    {
        DateTime started = DateTime.UtcNow;
        Device device = cuda.is_available() ? CUDA : CPU;
        IReadOnlyList<LayerInfo> layers;
        using (var probe = new AlexNet())
        {
            layers = LayerSummary.Compute(probe);
        }

        double trainingFlops = LayerSummary.TrainingFlopsPerImage(layers);
        Add("model", "forward FLOPs per image", LayerSummary.ForwardFlopsPerImage(layers) / 1e9, "GFLOP");
        Add("model", "training FLOPs per image (forward + input and weight gradients)", trainingFlops / 1e9, "GFLOP");

        double gemmFp32 = Gemm(ScalarType.Float32, device);
        double gemmBf16 = Gemm(ScalarType.BFloat16, device);
        Training(device, trainingFlops, gemmFp32, gemmBf16);
        string onnx = ExportRandomModel();
        Scoring(onnx, device);
        Memory(onnx, device);
        Latency(onnx);
        MainJobRuns();

        return new BenchReport
        {
            Date = started,
            Quick = _settings.Quick,
            Machine = Machine(device),
            Figures = _figures,
            Notes = _notes,
        };
    }

    private double Gemm(ScalarType type, Device device)
    {
        int n = _settings.GemmSide;
        using var scope = NewDisposeScope();
        Tensor a = randn(n, n, dtype: type, device: device);
        Tensor b = randn(n, n, dtype: type, device: device);
        matmul(a, b).Dispose();
        var watch = Stopwatch.StartNew();
        for (int i = 0; i < _settings.GemmRepeats; i++)
        {
            matmul(a, b).Dispose();
        }

        Synchronize(device);
        double flops = 2.0 * n * n * n * _settings.GemmRepeats / watch.Elapsed.TotalSeconds;
        Add("gemm", $"{Name(type)} GEMM {n}³", flops / 1e9, "GFLOP/s");
        _log($"GEMM {Name(type)}: {flops / 1e9:F0} GFLOP/s");
        return flops;
    }

    private void Training(Device device, double trainingFlops, double gemmFp32, double gemmBf16)
    {
        foreach (int batch in _settings.TrainingBatches)
        {
            (double imagesPerSecond, double dataShare) = TrainingThroughput(batch, "fp32", device);
            double utilisation = trainingFlops * imagesPerSecond / gemmFp32;
            Add("training", $"fp32 images/s, batch {batch}", imagesPerSecond, "images/s");
            Add("training", $"fp32 model FLOP utilisation, batch {batch}", utilisation, "of GEMM peak", "≥ 0.9", utilisation >= 0.9);
            Add("training", $"data path share of step time, batch {batch}", dataShare, "fraction", "≤ 0.05", dataShare <= 0.05);
        }

        if (_figures.Any(f => f.Name.StartsWith("fp32 model FLOP utilisation", StringComparison.Ordinal) && f.Value > 1))
        {
            _notes.Add("fp32 utilisation above 1 means the convolutions (oneDNN) run faster than the reference 4096³ torch.matmul, " +
                       "so that GEMM is not this CPU's fp32 ceiling; the per-layer rows show which layers exceed it.");
        }

        int mixedBatch = _settings.TrainingBatches.Count > 1 ? _settings.TrainingBatches[1] : _settings.TrainingBatches[0];
        LayerProfile(mixedBatch, device, ScalarType.Float32, gemmFp32);
        LayerProfile(mixedBatch, device, ScalarType.BFloat16, gemmBf16);
        (double bf16Rate, _) = TrainingThroughput(mixedBatch, "bf16", device);
        double bf16Utilisation = trainingFlops * bf16Rate / gemmBf16;
        Add("training", $"bf16 mixed-precision images/s, batch {mixedBatch}", bf16Rate, "images/s");
        Add("training", $"bf16 model FLOP utilisation, batch {mixedBatch}", bf16Utilisation, "of bf16 GEMM peak", "≥ 0.8", bf16Utilisation >= 0.8);
    }

    /// <summary>Times real training steps through <see cref="Trainer"/> (data path included) and, separately, the data path alone.</summary>
    private (double ImagesPerSecond, double DataShare) TrainingThroughput(int batch, string precision, Device device)
    {
        int steps = _settings.TrainingSteps + 1;
        var config = new TrainingConfig { Profile = "bench", Epochs = 1, BatchSize = batch, Momentum = 0.9, TrainLimit = batch * steps, ValidationLimit = 1, Precision = precision };
        var observer = new StepTimer();
        using (var trainer = new Trainer(config, _train, _test, device, observer))
        {
            trainer.Run(Path.Combine(_workDirectory, "bench-checkpoint.bin"), CancellationToken.None);
        }

        File.Delete(Path.Combine(_workDirectory, "bench-checkpoint.bin"));
        double stepSeconds = observer.StepSeconds.Skip(1).Average();
        var upsampler = new BatchUpsampler(_train, 224, device, batch);
        int[] indices = Enumerable.Range(0, batch).ToArray();
        var watch = Stopwatch.StartNew();
        for (int i = 0; i < steps; i++)
        {
            (Tensor images, Tensor labels) = upsampler.Batch(indices);
            images.Dispose();
            labels.Dispose();
        }

        double dataSeconds = watch.Elapsed.TotalSeconds / steps;
        _log($"training {precision} batch {batch}: {batch / stepSeconds:F1} images/s, data path {dataSeconds / stepSeconds:P1} of a step");
        return (batch / stepSeconds, dataSeconds / stepSeconds);
    }

    /// <summary>
    /// Times forward + backward of each layer alone at <paramref name="batch"/> and compares its FLOP rate with the GEMM
    /// peak: the profile that shows which layer falls short when the whole model does.
    /// </summary>
    private void LayerProfile(int batch, Device device, ScalarType type, double gemmPeak)
    {
        IReadOnlyList<LayerInfo> infos;
        using (var reference = new AlexNet())
        {
            infos = LayerSummary.Compute(reference);
        }

        using var model = new AlexNet();
        model.to(type).to(device);
        using var scope = NewDisposeScope();
        Tensor x = rand(batch, 1, 224, 224, device: device).to(type);
        bool first = true;
        double totalSeconds = 0;
        var rows = new List<(string Name, double Seconds, double Utilisation)>();
        foreach ((string name, nn.Module<Tensor, Tensor> layer) in model.Layers)
        {
            Tensor input = x.detach().requires_grad_(!first);
            Tensor output = layer.forward(input);
            output.sum().backward();
            var watch = Stopwatch.StartNew();
            int repeats = _settings.Quick ? 1 : 3;
            for (int r = 0; r < repeats; r++)
            {
                model.zero_grad();
                Tensor again = layer.forward(input);
                again.sum().backward();
            }

            Synchronize(device);
            double seconds = watch.Elapsed.TotalSeconds / repeats;
            LayerInfo info = infos.Single(l => l.Name == name);
            double flops = 2.0 * info.MultiplyAdds * batch * (first ? 2 : 3);
            totalSeconds += seconds;
            if (info.MultiplyAdds > 0)
            {
                rows.Add((name, seconds, flops / seconds / gemmPeak));
                first = false;
            }
            else
            {
                rows.Add((name, seconds, double.NaN));
            }

            x = output.detach();
        }

        string precision = Name(type);
        foreach ((string name, double seconds, double utilisation) in rows)
        {
            Add("layers", $"{name}: share of forward + backward time, {precision} batch {batch}", seconds / totalSeconds, "fraction");
            if (!double.IsNaN(utilisation))
            {
                Add("layers", $"{name}: FLOP rate / {precision} GEMM peak, batch {batch}", utilisation, "ratio");
            }
        }

        List<(string Name, double Seconds, double Utilisation)> compute = rows.Where(r => !double.IsNaN(r.Utilisation)).ToList();
        double elementwise = rows.Where(r => double.IsNaN(r.Utilisation)).Sum(r => r.Seconds) / totalSeconds;
        string below = string.Join(", ", compute.Where(r => r.Utilisation < 0.9).Select(r => $"{r.Name} {r.Utilisation:F2}"));
        _notes.Add($"Layer profile, {precision}, batch {batch}: the layers below 0.9 of the {precision} GEMM peak are {(below.Length == 0 ? "none" : below)}; " +
                   $"ReLU, pooling and dropout (no FLOPs counted) take {elementwise:P0} of the layer time.");
    }

    private string ExportRandomModel()
    {
        random.manual_seed(1);
        using var model = new AlexNet();
        string path = Path.Combine(_workDirectory, "bench-model.onnx");
        OnnxExporter.Save(OnnxExporter.ToModel(model, new OnnxExportOptions()), path);
        return path;
    }

    private void Scoring(string onnx, Device device)
    {
        int count = _settings.ScoringImages;
        FashionMnistDataset images = _test.Take(count);
        float[][] upsampled = Enumerable.Range(0, count).Select(i =>
        {
            float[] buffer = new float[224 * 224];
            ImageUpsampler.Upsample(images.Image(i), buffer, 224);
            return buffer;
        }).ToArray();

        // (5) ImageSharp upsampling alone, one thread.
        var watch = Stopwatch.StartNew();
        float[] scratch = new float[224 * 224];
        for (int i = 0; i < count; i++)
        {
            ImageUpsampler.Upsample(images.Image(i), scratch, 224);
        }

        double upsampleRate = count / watch.Elapsed.TotalSeconds;
        Add("upsampling", "ImageSharp 28→224 images/s, one core", upsampleRate, "images/s");

        // (a) the ML.NET chain, as apps and `evaluate` run it.
        var mlContext = new MLContext(seed: 0);
        IDataView data = mlContext.Data.LoadFashionMnist(images);
        var pipeline = FashionScoringPipeline.Create(mlContext, new OnnxScoringOptions { ModelPath = onnx });
        ITransformer fitted = pipeline.Estimator.Fit(data);
        // Every path gets one untimed warm-up inference (ONNX Runtime allocates and pre-packs weights on the first run).
        IDataView warmUpData = mlContext.Data.LoadFashionMnist(images.Take(1));
        _ = fitted.Transform(warmUpData).GetColumn<float[]>(FashionMnistColumns.Probabilities).ToArray();
        watch.Restart();
        IDataView scored = fitted.Transform(data);
        using (DataViewRowCursor cursor = scored.GetRowCursor(scored.Schema.Where(c => c.Name == FashionMnistColumns.Probabilities)))
        {
            ValueGetter<VBuffer<float>> getter = cursor.GetGetter<VBuffer<float>>(scored.Schema[FashionMnistColumns.Probabilities]);
            VBuffer<float> value = default;
            while (cursor.MoveNext())
            {
                getter(ref value);
            }
        }

        double chainRate = count / watch.Elapsed.TotalSeconds;
        (fitted as IDisposable)?.Dispose();

        // (b) and (c) ONNX Runtime directly, on the already upsampled inputs.
        using var session = new InferenceSession(onnx);
        double ortSingle = OrtRate(session, upsampled, 1);
        double ortBatched = OrtRate(session, upsampled, 32);

        // (e) the batched evaluation path (`evaluate --scorer batched`): ONNX Runtime at batch 32, then ML.NET's evaluator.
        // Like (a), whose session opens in Fit, and (c), the session is opened before the clock starts.
        OnnxModelInfo info = OnnxModelInfo.Read(onnx);
        double batchedRate;
        using (InferenceSession batchedSession = BatchedScorer.OpenSession(info))
        {
            BatchedScorer.Score(mlContext, images.Take(1), info, batchedSession);
            watch.Restart();
            EvaluationReport.Evaluate(mlContext, BatchedScorer.Score(mlContext, images, info, batchedSession), FashionMnistColumns.Probabilities, info.ClassNames, "CPU", onnx, "batched");
            batchedRate = count / watch.Elapsed.TotalSeconds;
        }

        // (d) TorchSharp eval, batched.
        double torchRate;
        using (var model = new AlexNet())
        {
            model.to(device);
            watch.Restart();
            Trainer.Evaluate(model, images, 224, 32, device);
            torchRate = count / watch.Elapsed.TotalSeconds;
        }

        Add("scoring", "(a) ML.NET chain (IDataView → ImageSharp → ApplyOnnxModel)", chainRate, "images/s", "≥ 0.9 × (b)", chainRate >= 0.9 * ortSingle);
        Add("scoring", "(b) ONNX Runtime, batch 1, OrtValue", ortSingle, "images/s");
        Add("scoring", "(c) ONNX Runtime, batch 32", ortBatched, "images/s");
        Add("scoring", "(d) TorchSharp eval, batch 32", torchRate, "images/s");
        Add("scoring", "(e) batched evaluation path (ORT batch 32 + ML.NET evaluator)", batchedRate, "images/s", "≥ 0.9 × (c)", batchedRate >= 0.9 * ortBatched);
        Add("scoring", "(a) / (b)", chainRate / ortSingle, "ratio", "≥ 0.9", chainRate / ortSingle >= 0.9);
        Add("upsampling", "share of the ML.NET chain's time", chainRate / upsampleRate, "fraction");
        double chainMs = 1000 / chainRate, ortMs = 1000 / ortSingle, upsampleMs = 1000 / upsampleRate;
        _notes.Add($"ML.NET chain per image: {chainMs:F2} ms = ONNX Runtime's batch-1 run {ortMs:F2} ms + ImageSharp upsampling {upsampleMs:F2} ms " +
                   $"+ {chainMs - ortMs - upsampleMs:F2} ms of ML.NET's per-row work (its OnnxTransformer copies every input row into a new tensor " +
                   "and scores through the NamedOnnxValue API, one row at a time); the batched path (e) avoids that per-row work.");
        _log($"scoring: chain {chainRate:F1}, ORT b1 {ortSingle:F1}, ORT b32 {ortBatched:F1}, TorchSharp {torchRate:F1} images/s; ImageSharp upsample {upsampleRate:F0} images/s");
    }

    private static double OrtRate(InferenceSession session, float[][] upsampled, int batch)
    {
        string input = session.InputMetadata.Keys.Single();
        string[] outputs = ["probabilities"];
        using var runOptions = new RunOptions();
        using (OrtValue warmUp = OrtValue.CreateTensorValueFromMemory(upsampled[0], [1, 1, 224, 224]))
        using (IDisposableReadOnlyCollection<OrtValue> ignored = session.Run(runOptions, [input], [warmUp], outputs))
        {
        }

        var watch = Stopwatch.StartNew();
        for (int start = 0; start < upsampled.Length; start += batch)
        {
            int n = Math.Min(batch, upsampled.Length - start);
            float[] data = new float[n * 224 * 224];
            for (int i = 0; i < n; i++)
            {
                upsampled[start + i].CopyTo(data, i * 224 * 224);
            }

            using OrtValue value = OrtValue.CreateTensorValueFromMemory(data, [n, 1, 224, 224]);
            using IDisposableReadOnlyCollection<OrtValue> results = session.Run(runOptions, [input], [value], outputs);
        }

        return upsampled.Length / watch.Elapsed.TotalSeconds;
    }

    private void Memory(string onnx, Device device)
    {
        bool reset = ProcessMemory.ResetPeak();
        int batch = _settings.Quick ? _settings.TrainingBatches[0] : 128;
        var config = new TrainingConfig { Profile = "bench", Epochs = 1, BatchSize = batch, TrainLimit = batch * 2, ValidationLimit = 1 };
        using (var trainer = new Trainer(config, _train, _test, device))
        {
            trainer.Run(Path.Combine(_workDirectory, "bench-checkpoint.bin"), CancellationToken.None);
        }

        File.Delete(Path.Combine(_workDirectory, "bench-checkpoint.bin"));
        long? trainingPeak = ProcessMemory.PeakBytes();
        if (trainingPeak is { } peak)
        {
            Add("memory", $"peak RSS, training at batch {batch}{(reset ? string.Empty : " (since start)")}", peak / 1e9, "GB", "≤ 3 GB", peak <= 3e9);
        }

        foreach (int images in new[] { _settings.EvaluationImages / 10, _settings.EvaluationImages })
        {
            ProcessMemory.ResetPeak();
            long? before = ProcessMemory.CurrentBytes();
            FashionEvaluator.Run(new MLContext(seed: 0), new FashionEvaluationOptions { ModelPath = onnx, DataDirectory = Path.GetDirectoryName(FashionMnistFiles.Find(FashionMnistFiles.ResolveDirectory(), "t10k-images-idx3-ubyte"))!, Limit = images, GpuDeviceId = null });
            if (ProcessMemory.PeakBytes() is { } evaluationPeak && before is { } baseline)
            {
                double growth = (evaluationPeak - baseline) / 1e9;
                Add("memory", $"RSS growth while evaluating {images:N0} test images (ML.NET chain)", growth, "GB", "≤ 1 GB, flat in image count", growth <= 1.0);
            }
        }
    }

    private void Latency(string onnx)
    {
        using var classifier = new FashionClassifier(new FashionClassifierOptions { ModelPath = onnx });
        classifier.Predict(_test.Image(0));
        double[] samples = new double[_settings.LatencySamples];
        for (int i = 0; i < samples.Length; i++)
        {
            var watch = Stopwatch.StartNew();
            classifier.Predict(_test.Image(i % _test.Count));
            samples[i] = watch.Elapsed.TotalMilliseconds;
        }

        Array.Sort(samples);
        Add("latency", "FashionClassifier p50 (one image, one thread)", Percentile(samples, 0.50), "ms");
        Add("latency", "FashionClassifier p99 (one image, one thread)", Percentile(samples, 0.99), "ms");
        foreach (int threads in new[] { 1, 2 })
        {
            int perThread = Math.Max(1, _settings.LatencySamples / 2);
            var watch = Stopwatch.StartNew();
            Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
            {
                for (int i = 0; i < perThread; i++)
                {
                    classifier.Predict(_test.Image(((t * perThread) + i) % _test.Count));
                }
            });
            Add("latency", $"FashionClassifier throughput, {threads} thread(s) through the pool", threads * perThread / watch.Elapsed.TotalSeconds, "images/s");
        }

        _log($"latency: p50 {Percentile(samples, 0.5):F1} ms, p99 {Percentile(samples, 0.99):F1} ms");
    }

    /// <summary>Adds the figures of finished main-job runs (accuracy, duration), and compares bf16 with fp32 runs.</summary>
    private void MainJobRuns()
    {
        List<RunSummary> runs = _runDirectories.Select(RunSummary.Read).ToList();
        foreach (RunSummary run in runs)
        {
            string label = $"profile {run.Profile}, {run.Precision}, {run.TrainingImages:N0} training images (run {run.Id})";
            Add("main job", $"{label}: accuracy on {run.EvaluatedImages:N0} test images", run.Accuracy, "fraction", "≥ 0.80", run.Accuracy >= 0.80);
            Add("main job", $"{label}: train + export + evaluate", run.Seconds / 60, "minutes", "≤ 25", run.Seconds <= 25 * 60);
        }

        foreach (RunSummary bf16 in runs.Where(r => r.Precision == "bf16"))
        {
            foreach (RunSummary fp32 in runs.Where(r => r.Precision == "fp32" && r.TrainingImages == bf16.TrainingImages && r.Profile == bf16.Profile))
            {
                double points = (bf16.Accuracy - fp32.Accuracy) * 100;
                Add("main job", $"bf16 − fp32 accuracy after the same steps (runs {bf16.Id}, {fp32.Id})", points, "points", "within ±0.5", Math.Abs(points) <= 0.5);
                Add("main job", "bf16 speed-up of the whole job", fp32.Seconds / bf16.Seconds, "×");
            }
        }
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    private void Add(string section, string name, double value, string unit, string? target = null, bool? met = null) =>
        _figures.Add(new Figure(section, name, value, unit, target, met));

    private static SortedDictionary<string, string> Machine(Device device) => new SortedDictionary<string, string>(StringComparer.Ordinal)
    {
        ["cpu"] = CpuFeatures.ModelName,
        ["cores"] = Environment.ProcessorCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["simd"] = string.Join(" ", CpuFeatures.SimdFlags),
        ["device"] = device.type.ToString(),
        ["torch threads"] = get_num_threads().ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["TorchSharp"] = PackageVersion(typeof(torch)),
        ["ML.NET"] = PackageVersion(typeof(MLContext)),
        ["ONNX Runtime"] = PackageVersion(typeof(InferenceSession)),
        ["ImageSharp"] = PackageVersion(typeof(SixLabors.ImageSharp.Image)),
        [".NET"] = Environment.Version.ToString(),
        ["os"] = System.Runtime.InteropServices.RuntimeInformation.OSDescription,
    };

    /// <summary>The informational (package) version of a type's assembly, without the source-revision suffix.</summary>
    private static string PackageVersion(Type type)
    {
        string? version = type.Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
            .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion;
        return version?.Split('+')[0] ?? type.Assembly.GetName().Version?.ToString() ?? "?";
    }

    private static string Name(ScalarType type) => type == ScalarType.BFloat16 ? "bf16" : "fp32";

    private static void Synchronize(Device device)
    {
        if (device.type == DeviceType.CUDA)
        {
            cuda.synchronize();
        }
    }

    private sealed class StepTimer : ITrainingObserver
    {
        private readonly Stopwatch _watch = Stopwatch.StartNew();

        public List<double> StepSeconds { get; } = [];

        public void OnStep(StepProgress progress)
        {
            StepSeconds.Add(_watch.Elapsed.TotalSeconds);
            _watch.Restart();
        }

        public void OnEpoch(EpochRecord record, int epochs)
        {
        }
    }
}
