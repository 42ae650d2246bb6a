using AlexNetMl.Contract.Runs;
using AlexNetMl.Contract.Settings;
using AlexNetMl.Inference.Classification;
using AlexNetMl.Training.Steps;
using Onnx;

namespace AlexNetMl.Bench.Subjects;

/// <summary>
/// The int8 model against fp32: file size, the ML.NET chain's images/s, FashionClassifier's p50 latency, and accuracy
/// on the test set. A trained pair from a main-job run (<c>--run</c>) when one is given, else the random model (speed
/// and size only).
/// </summary>
public sealed class Int8Bench : IBenchSubject
{
    public void Run(BenchContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        string? run = context.RunDirectories.Select(d => RunFolder.Open(d).Path)
            .FirstOrDefault(d => File.Exists(Path.Combine(d, RunFolder.ModelFile)) && File.Exists(Path.Combine(d, RunFolder.Int8ModelFile)));
        (string fp32, string int8, string source) = run is null
            ? (BenchModels.RandomAlexNetOnnx(context), BenchModels.RandomAlexNetInt8Onnx(context), "the random AlexNet (no --run given): speed and size only")
            : (Path.Combine(run, RunFolder.ModelFile), Path.Combine(run, RunFolder.Int8ModelFile), $"the trained models of run {Path.GetFileName(run)}");

        double fp32Megabytes = new FileInfo(fp32).Length / 1e6, int8Megabytes = new FileInfo(int8).Length / 1e6;
        context.Add("int8", "fp32 model file", fp32Megabytes, "MB");
        context.Add("int8", "int8 model file", int8Megabytes, "MB", "≤ 60 MB", int8Megabytes <= 60);

        var images = context.Test.Take(context.Settings.ScoringImages);
        double fp32Chain = ScoringBench.ChainRate(fp32, images), int8Chain = ScoringBench.ChainRate(int8, images);
        context.Add("int8", "ML.NET chain, fp32 model", fp32Chain, "images/s");
        context.Add("int8", "ML.NET chain, int8 model", int8Chain, "images/s");
        context.Add("int8", "int8 chain / fp32 chain", int8Chain / fp32Chain, "ratio", "≥ 1.5", int8Chain >= 1.5 * fp32Chain);

        double fp32P50 = P50(fp32, context), int8P50 = P50(int8, context);
        context.Add("int8", "FashionClassifier p50, fp32 model", fp32P50, "ms");
        context.Add("int8", "FashionClassifier p50, int8 model", int8P50, "ms");
        context.Add("int8", "int8 p50 / fp32 p50", int8P50 / fp32P50, "ratio", "≤ 0.67", int8P50 <= 0.67 * fp32P50);

        if (run is not null)
        {
            double fp32Accuracy = Accuracy(fp32, context), int8Accuracy = Accuracy(int8, context);
            double points = Math.Abs(fp32Accuracy - int8Accuracy) * 100;
            context.Add("int8", $"fp32 accuracy, {context.Settings.EvaluationImages:N0} test images (ML.NET chain)", fp32Accuracy, "fraction");
            context.Add("int8", $"int8 accuracy, {context.Settings.EvaluationImages:N0} test images (ML.NET chain)", int8Accuracy, "fraction");
            context.Add("int8", "accuracy difference", points, "points", "≤ 0.3", points <= 0.3);
        }

        context.Note($"int8 rows measure {source}; the int8 graph runs {Operators(int8)}.");
        context.Log($"int8: {int8Megabytes:F1} MB; chain {int8Chain:F1} vs {fp32Chain:F1} images/s; p50 {int8P50:F1} vs {fp32P50:F1} ms");
    }

    // What the int8 file computes with, counted from its graph: which layers are integer and which stayed float.
    private static string Operators(string path)
    {
        var counts = ModelProto.Parser.ParseFrom(File.ReadAllBytes(path)).Graph.Node
            .Where(n => n.OpType is "QLinearConv" or "ConvInteger" or "MatMulInteger" or "Conv" or "Gemm" or "MatMul")
            .GroupBy(n => n.OpType)
            .Select(g => $"{g.Count()} {g.Key}");
        return string.Join(", ", counts);
    }

    private static double P50(string model, BenchContext context)
    {
        using var classifier = new FashionClassifier(new FashionClassifierOptions { ModelPath = model });
        return LatencyBench.Percentiles(classifier, context).P50;
    }

    // The main job's Evaluate step, writing no report files.
    private static double Accuracy(string model, BenchContext context) =>
        new EvaluateStep(new SilentJobObserver()).Run(new EvaluationRequest(model, OutputDirectory: null, context.DataDirectory, context.Settings.EvaluationImages, ComputeDevice.Cpu)).MicroAccuracy;
}
