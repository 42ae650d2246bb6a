using System.Diagnostics;
using AlexNetMl.Training.Models;
using static TorchSharp.torch;

namespace AlexNetMl.Bench.Subjects;

/// <summary>The model's FLOPs per image, and the GEMM rate of this machine in fp32 and bf16 (the reference of later ratios).</summary>
public sealed class GemmBench : IBenchSubject
{
    public const string Fp32Key = "gemm.fp32";
    public const string Bf16Key = "gemm.bf16";
    public const string TrainingFlopsKey = "model.training_flops";
    public const string WeightBytesKey = "model.weight_bytes";
    public const string ForwardFlopsKey = "model.forward_flops";

    public void Run(BenchContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        using (var probe = new AlexNet())
        {
            IReadOnlyList<LayerInfo> layers = LayerSummary.Compute(probe);
            context.Shared[TrainingFlopsKey] = LayerSummary.TrainingFlopsPerImage(layers);
            context.Shared[WeightBytesKey] = layers.Sum(l => l.ParameterBytes);
            context.Shared[ForwardFlopsKey] = LayerSummary.ForwardFlopsPerImage(layers);
            context.Add("model", "forward FLOPs per image", context.Shared[ForwardFlopsKey] / 1e9, "GFLOP");
            context.Add("model", "training FLOPs per image (forward + input and weight gradients)", context.Shared[TrainingFlopsKey] / 1e9, "GFLOP");
        }

        context.Shared[Fp32Key] = Gemm(context, ScalarType.Float32, "fp32");
        context.Shared[Bf16Key] = Gemm(context, ScalarType.BFloat16, "bf16");
    }

    private static double Gemm(BenchContext context, ScalarType type, string name)
    {
        int n = context.Settings.GemmSide;
        using var scope = NewDisposeScope();
        Tensor a = randn(n, n, dtype: type, device: context.Device);
        Tensor b = randn(n, n, dtype: type, device: context.Device);
        matmul(a, b).Dispose();
        var watch = Stopwatch.StartNew();
        for (int i = 0; i < context.Settings.GemmRepeats; i++)
        {
            matmul(a, b).Dispose();
        }

        BenchModels.Synchronize(context.Device);
        double flops = 2.0 * n * n * n * context.Settings.GemmRepeats / watch.Elapsed.TotalSeconds;
        context.Add("gemm", $"{name} GEMM {n}³", flops / 1e9, "GFLOP/s");
        context.Log($"GEMM {name}: {flops / 1e9:F0} GFLOP/s");
        return flops;
    }
}
