using AlexNetMl.Training.Exercises;
using AlexNetMl.Training.Planning;

namespace AlexNetMl.Bench.Subjects;

/// <summary>
/// A real ceiling for the rates: the CPU's theoretical peak (<see cref="CpuPeak"/>), and the memory bandwidth of a
/// streaming copy. The GEMM and training rates are reported against the peak.
/// </summary>
public sealed class PeakBench : IBenchSubject
{
    /// <summary>Shared key of the measured memory bandwidth, bytes/s.</summary>
    public const string BandwidthKey = "memory.bandwidth";

    /// <summary>Shared key of the theoretical fp32 peak, FLOP/s (absent when the CPU does not tell its clock).</summary>
    public const string Fp32PeakKey = "cpu.fp32_peak";

    public void Run(BenchContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        double bandwidth = Roofline.Bandwidth(context.Settings.Quick ? 1 << 20 : 1 << 26);
        context.Shared[BandwidthKey] = bandwidth;
        context.Add("ceilings", "memory bandwidth, streaming copy on every core (bytes read + written)", bandwidth / 1e9, "GB/s");

        CpuPeak? peak = CpuPeak.Estimate(Environment.GetEnvironmentVariable(CpuFeatures.OneDnnIsaCap));
        if (peak is null)
        {
            context.Note("No theoretical peak: this is not an x86 CPU, or the OS does not tell its clock.");
            return;
        }

        double trainingFlops = context.Shared[GemmBench.TrainingFlopsKey];
        context.Shared[Fp32PeakKey] = peak.Fp32FlopsPerSecond;
        context.Add("ceilings", "theoretical fp32 peak", peak.Fp32FlopsPerSecond / 1e9, "GFLOP/s");
        context.Add("ceilings", "fp32 GEMM / theoretical peak", context.Shared[GemmBench.Fp32Key] / peak.Fp32FlopsPerSecond, "ratio");
        context.Add("ceilings", $"fp32 training FLOP rate / theoretical peak, batch {context.Settings.MixedPrecisionBatch}", trainingFlops * context.Shared[TrainingBench.Fp32RateKey] / peak.Fp32FlopsPerSecond, "ratio");
        if (CpuFeatures.HasBFloat16)
        {
            context.Add("ceilings", "theoretical bf16 peak (AVX512_BF16 dot products)", peak.Bf16FlopsPerSecond / 1e9, "GFLOP/s");
            context.Add("ceilings", "bf16 GEMM / theoretical bf16 peak", context.Shared[GemmBench.Bf16Key] / peak.Bf16FlopsPerSecond, "ratio");
            context.Add("ceilings", $"bf16 training FLOP rate / theoretical bf16 peak, batch {context.Settings.MixedPrecisionBatch}", trainingFlops * context.Shared[TrainingBench.Bf16RateKey] / peak.Bf16FlopsPerSecond, "ratio");
        }

        context.Note($"Theoretical peak: {peak.Assumptions}. The training FLOP count is the model's (forward, input and weight gradients of every layer), so a rate is what the model needs, not what the kernels executed.");
    }
}
