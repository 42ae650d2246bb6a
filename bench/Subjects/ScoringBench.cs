using System.Diagnostics;
using AlexNetMl.Contract.Model;
using AlexNetMl.Contract.OnnxSessions;
using AlexNetMl.Contract.Settings;
using AlexNetMl.Export.Onnx;
using AlexNetMl.Pipeline.Data;
using AlexNetMl.Pipeline.DataView;
using AlexNetMl.Pipeline.Evaluation;
using AlexNetMl.Pipeline.Scoring;
using AlexNetMl.Pipeline.Transforms;
using AlexNetMl.Training.Fitting;
using AlexNetMl.Training.Models;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML;
using TorchSharp.Modules;
using TorchSharp;
using static TorchSharp.torch.nn;
using static TorchSharp.torch;

namespace AlexNetMl.Bench.Subjects;

/// <summary>The scoring paths side by side on the same images: the ML.NET chain, ONNX Runtime at batch 1 and 32, the batched evaluation path, TorchSharp.</summary>
public sealed class ScoringBench : IBenchSubject
{
    public const string ChainRateKey = "scoring.chain";
    public const string OrtSingleKey = "scoring.ort1";

    public void Run(BenchContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        string onnx = BenchModels.RandomAlexNetOnnx(context);
        ModelContract contract = BenchModels.AlexNetContract;
        int pixels = contract.InputHeight * contract.InputWidth;
        FashionMnistDataset images = context.Test.Take(context.Settings.ScoringImages);
        float[][] inputs = Enumerable.Range(0, images.Count).Select(i =>
        {
            float[] buffer = new float[pixels];
            ImageUpsampler.ToModelInput(images.Image(i), buffer, contract);
            return buffer;
        }).ToArray();

        double upsampleRate = UpsampleRate(images, contract);
        double chainRate = ChainRate(onnx, images);
        using InferenceSession session = OrtSessions.Open(onnx);
        double ortSingle = OrtRate(session, contract, inputs, 1);
        double ortBatched = OrtRate(session, contract, inputs, BatchedScorer.DefaultBatchSize);
        double batchedRate = BatchedPathRate(onnx, images);
        double torchRate = TorchRate(context, images);
        context.Shared[ChainRateKey] = chainRate;
        context.Shared[OrtSingleKey] = ortSingle;

        context.Add("upsampling", "ImageSharp 28→224 images/s, one core", upsampleRate, "images/s");
        context.Add("scoring", "(a) ML.NET chain (IDataView → ImageSharp → ApplyOnnxModel)", chainRate, "images/s", "≥ 0.9 × (b)", chainRate >= 0.9 * ortSingle);
        context.Add("scoring", "(b) ONNX Runtime, batch 1, OrtValue", ortSingle, "images/s");
        context.Add("scoring", $"(c) ONNX Runtime, batch {BatchedScorer.DefaultBatchSize}", ortBatched, "images/s");
        context.Add("scoring", $"(d) TorchSharp eval, batch {BatchedScorer.DefaultBatchSize}", torchRate, "images/s");
        context.Add("scoring", $"(e) batched evaluation path (ORT batch {BatchedScorer.DefaultBatchSize} + ML.NET evaluator)", batchedRate, "images/s", "≥ 0.9 × (c)", batchedRate >= 0.9 * ortBatched);
        context.Add("scoring", "(a) / (b)", chainRate / ortSingle, "ratio", "≥ 0.9", chainRate / ortSingle >= 0.9);
        context.Add("upsampling", "share of the ML.NET chain's time", chainRate / upsampleRate, "fraction");
        Bounds(context, ortSingle);
        double chainMs = 1000 / chainRate, ortMs = 1000 / ortSingle, upsampleMs = 1000 / upsampleRate;
        context.Note($"ML.NET chain: {chainMs:F2} ms per image, against {ortMs:F2} ms for ONNX Runtime's batch-1 run (every core on one image) and {upsampleMs:F2} ms " +
                     "of ImageSharp upsampling on one core. ML.NET's cursor scores rows in parallel with one ONNX Runtime thread each (ChainReader), so its per-row " +
                     "work (a copy of every input row into a new tensor, scoring through the NamedOnnxValue API) overlaps with scoring instead of adding to it; " +
                     "the batched path (e) avoids that work altogether.");
        context.Log($"scoring: chain {chainRate:F1}, ORT b1 {ortSingle:F1}, ORT b32 {ortBatched:F1}, TorchSharp {torchRate:F1} images/s; ImageSharp upsample {upsampleRate:F0} images/s");
    }

    // Batch 1 against its ceilings: reading every weight once per image (bandwidth), and doing every FLOP at the
    // theoretical peak (compute); the slower of the two bounds the rate. The dense head alone shows how close ONNX
    // Runtime comes to the bandwidth bound where the bandwidth bound is the binding one.
    private static void Bounds(BenchContext context, double ortSingle)
    {
        double weightBytes = context.Shared[GemmBench.WeightBytesKey];
        double bandwidth = context.Shared[PeakBench.BandwidthKey];
        double bound = bandwidth / weightBytes;
        context.Add("scoring", "batch-1 bandwidth bound: bandwidth / weight bytes read per image", bound, "images/s");
        context.Add("scoring", "(b) / batch-1 bandwidth bound", ortSingle / bound, "ratio", "≥ 0.7", ortSingle >= 0.7 * bound);
        context.Note($"At batch 1 every image reads all {weightBytes / 1048576:F0} MiB of fp32 weights, so a CPU that streams them from memory scores at most " +
                     $"bandwidth ÷ weight bytes = {bound:F1} images/s. A ratio above 1 means part of the weights stayed in cache between images, " +
                     "or the copy loop measured less bandwidth than ONNX Runtime's reads reach.");
        if (context.Shared.TryGetValue(PeakBench.Fp32PeakKey, out double peak))
        {
            double flops = context.Shared[GemmBench.ForwardFlopsKey];
            double computeBound = peak / flops;
            double roofline = Math.Min(bound, computeBound);
            context.Add("scoring", "batch-1 compute bound: theoretical fp32 peak / forward FLOPs per image", computeBound, "images/s");
            context.Add("scoring", "(b) / the lower of the two bounds", ortSingle / roofline, "ratio");
            context.Note($"The forward pass does {flops / 1e9:F2} GFLOP per image, {flops / weightBytes:F1} FLOPs per weight byte; at the theoretical fp32 peak " +
                         $"that alone takes {1000 / computeBound:F2} ms, against {1000 / bound:F2} ms to read the weights. " +
                         (computeBound < bound
                             ? "So the compute bound, not the bandwidth bound, is the ceiling of the whole model at batch 1 on this machine: the bandwidth bound cannot be reached by any kernel."
                             : "So the bandwidth bound is the ceiling of the whole model at batch 1 on this machine."));
        }

        (double headRate, long headBytes) = DenseHeadRate(context);
        double headBound = bandwidth / headBytes;
        context.Add("scoring", "dense layers alone, ONNX Runtime batch 1", headRate, "images/s");
        context.Add("scoring", "dense layers alone / their bandwidth bound", headRate / headBound, "ratio");
        context.Note($"Dense layers alone: AlexNet's three dense layers (random weights, {headBytes / 1048576.0:F0} MiB) exported by themselves and scored by ONNX Runtime " +
                     $"at batch 1 on random inputs; their bandwidth bound is {headBound:F1} images/s.");
    }

    // AlexNet's dense layers by themselves, exported to ONNX: their batch-1 rate in ONNX Runtime and their weight bytes.
    private static (double ImagesPerSecond, long WeightBytes) DenseHeadRate(BenchContext context)
    {
        random.manual_seed(2);
        Linear[] layers;
        using (var alexNet = new AlexNet())
        {
            layers = alexNet.modules().OfType<Linear>().Select(l => Linear(l.in_features, l.out_features)).ToArray();
        }

        var modules = new List<(string, nn.Module<Tensor, Tensor>)> { ("flatten", Flatten()) };
        for (int i = 0; i < layers.Length; i++)
        {
            modules.Add(($"fc{i + 1}", layers[i]));
            if (i < layers.Length - 1)
            {
                modules.Add(($"relu{i + 1}", ReLU()));
            }
        }

        using var head = Sequential(modules);
        head.eval();
        // The head's input is the flattened feature vector; a contract allows at most 16 channels, so it travels as 16 rows.
        const int Channels = 16;
        var contract = new ModelContract
        {
            Architecture = "alexnet-dense-head",
            InputChannels = Channels,
            InputHeight = 1,
            InputWidth = (int)(layers[0].in_features / Channels),
            Resize = ResizeMethod.None,
            ClassNames = FashionMnistClasses.Names,
        };
        string path = context.Scratch("bench-dense-head.onnx");
        OnnxExporter.Save(OnnxExporter.ToModel(head, new OnnxExportOptions(contract)), path);
        long bytes = layers.Sum(l => (l.weight!.numel() + l.bias!.numel()) * sizeof(float));
        var noise = new Random(2);
        float[][] inputs = Enumerable.Range(0, context.Settings.ScoringImages)
            .Select(_ => Enumerable.Range(0, (int)layers[0].in_features).Select(_ => (float)noise.NextDouble()).ToArray()).ToArray();
        using InferenceSession session = OrtSessions.Open(path);
        return (OrtRate(session, contract, inputs, 1), bytes);
    }

    /// <summary>Images/s of the ML.NET chain over <paramref name="images"/>, after one untimed image (ONNX Runtime pre-packs weights on its first run).</summary>
    public static double ChainRate(string modelPath, FashionMnistDataset images) => ChainRun(modelPath, images).ImagesPerSecond;

    /// <summary>The ML.NET chain over <paramref name="images"/>, after one untimed image: its rate, and what it allocated and collected while timed.</summary>
    public static ChainMeasurement ChainRun(string modelPath, FashionMnistDataset images)
    {
        ArgumentNullException.ThrowIfNull(images);
        var mlContext = new MLContext(seed: 0);
        using LoadedModel model = ModelLoader.Load(mlContext, modelPath, ComputeDevice.Cpu);
        model.ScoreAll(mlContext.Data.LoadFashionMnist(images.Take(1)));
        long allocated = GC.GetTotalAllocatedBytes(precise: true);
        int gen2 = GC.CollectionCount(2);
        var watch = Stopwatch.StartNew();
        model.ScoreAll(mlContext.Data.LoadFashionMnist(images));
        double seconds = watch.Elapsed.TotalSeconds;
        return new ChainMeasurement(
            images.Count / seconds,
            (GC.GetTotalAllocatedBytes(precise: true) - allocated) / (double)images.Count,
            (GC.CollectionCount(2) - gen2) * 1000.0 / images.Count);
    }

    /// <summary>Images/s of ONNX Runtime alone on prepared inputs at <paramref name="batch"/>, after one untimed run.</summary>
    public static double OrtRate(InferenceSession session, ModelContract contract, float[][] inputs, int batch)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(contract);
        ArgumentNullException.ThrowIfNull(inputs);
        int pixels = contract.InputChannels * contract.InputHeight * contract.InputWidth;
        string[] outputs = [contract.ProbabilitiesName];
        using var runOptions = new RunOptions();
        void RunBatch(int start, int count)
        {
            float[] data = new float[count * pixels];
            for (int i = 0; i < count; i++)
            {
                inputs[start + i].CopyTo(data, i * pixels);
            }

            using OrtValue value = OrtValue.CreateTensorValueFromMemory(data, [count, contract.InputChannels, contract.InputHeight, contract.InputWidth]);
            using IDisposableReadOnlyCollection<OrtValue> results = session.Run(runOptions, [contract.InputName], [value], outputs);
        }

        RunBatch(0, 1);
        var watch = Stopwatch.StartNew();
        for (int start = 0; start < inputs.Length; start += batch)
        {
            RunBatch(start, Math.Min(batch, inputs.Length - start));
        }

        return inputs.Length / watch.Elapsed.TotalSeconds;
    }

    private static double UpsampleRate(FashionMnistDataset images, ModelContract contract)
    {
        float[] scratch = new float[contract.InputHeight * contract.InputWidth];
        var watch = Stopwatch.StartNew();
        for (int i = 0; i < images.Count; i++)
        {
            ImageUpsampler.ToModelInput(images.Image(i), scratch, contract);
        }

        return images.Count / watch.Elapsed.TotalSeconds;
    }

    // The batched evaluation path (`evaluate --scorer batched`): ONNX Runtime at batch 32, then ML.NET's evaluator; the
    // session is opened before the clock starts, as the chain's is.
    private static double BatchedPathRate(string onnx, FashionMnistDataset images)
    {
        var mlContext = new MLContext(seed: 0);
        OnnxModelInfo info = ModelLoader.ReadOnnx(onnx);
        using InferenceSession session = BatchedScorer.OpenSession(info);
        BatchedScorer.Score(images.Take(1), info, session);
        var watch = Stopwatch.StartNew();
        EvaluationReport.Evaluate(mlContext, BatchedScorer.Score(images, info, session), info.Contract, ScoringDevice.Cpu.Description, onnx, "batched");
        return images.Count / watch.Elapsed.TotalSeconds;
    }

    private static double TorchRate(BenchContext context, FashionMnistDataset images)
    {
        using var model = new AlexNet();
        model.to(context.Device);
        var watch = Stopwatch.StartNew();
        Validation.Evaluate(model, BenchModels.AlexNetContract, images, BatchedScorer.DefaultBatchSize, context.Device);
        return images.Count / watch.Elapsed.TotalSeconds;
    }
}
