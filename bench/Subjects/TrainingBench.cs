using System.Diagnostics;
using AlexNetMl.Contract.Runs;
using AlexNetMl.Training.Data;
using static TorchSharp.torch;

namespace AlexNetMl.Bench.Subjects;

/// <summary>Training throughput at each batch size in fp32 and in bf16 mixed precision, its FLOP rate against the GEMM, and the data path's share.</summary>
public sealed class TrainingBench : IBenchSubject
{
    /// <summary>Shared key of fp32 training images/s at the mixed-precision batch.</summary>
    public const string Fp32RateKey = "training.fp32";

    /// <summary>Shared key of bf16 mixed-precision training images/s.</summary>
    public const string Bf16RateKey = "training.bf16";

    public void Run(BenchContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        double trainingFlops = context.Shared[GemmBench.TrainingFlopsKey];
        foreach (int batch in context.Settings.TrainingBatches)
        {
            (double rate, double dataShare) = Throughput(context, batch, TrainingPrecision.Fp32);
            if (batch == context.Settings.MixedPrecisionBatch)
            {
                context.Shared[Fp32RateKey] = rate;
            }

            double utilisation = trainingFlops * rate / context.Shared[GemmBench.Fp32Key];
            context.Add("training", $"fp32 images/s, batch {batch}", rate, "images/s");
            context.Add("training", $"fp32 FLOP rate / fp32 GEMM, batch {batch}", utilisation, "ratio");
            context.Add("training", $"data path share of step time, batch {batch}", dataShare, "fraction", "≤ 0.05", dataShare <= 0.05);
        }

        int mixedBatch = context.Settings.MixedPrecisionBatch;
        (double bf16Rate, _) = Throughput(context, mixedBatch, TrainingPrecision.Bf16);
        context.Shared[Bf16RateKey] = bf16Rate;
        context.Add("training", $"bf16 mixed-precision images/s, batch {mixedBatch}", bf16Rate, "images/s");
        context.Add("training", $"bf16 FLOP rate / bf16 GEMM, batch {mixedBatch}", trainingFlops * bf16Rate / context.Shared[GemmBench.Bf16Key], "ratio");
    }

    /// <summary>Training images/s through the trainer, and the share of a step the data path (gather, scale, upsample) takes.</summary>
    public static (double ImagesPerSecond, double DataShare) Throughput(BenchContext context, int batch, TrainingPrecision precision)
    {
        ArgumentNullException.ThrowIfNull(context);
        int steps = context.Settings.TrainingSteps + 1;
        var config = new TrainingConfig { Profile = TrainingProfile.Cpu, Epochs = 1, BatchSize = batch, Momentum = 0.9, TrainLimit = batch * steps, ValidationLimit = 1, Precision = precision };
        double stepSeconds = BenchModels.TrainingStepSeconds(context, config);
        var upsampler = new BatchUpsampler(context.Train, BenchModels.AlexNetContract, context.Device, batch);
        int[] indices = Enumerable.Range(0, batch).ToArray();
        var watch = Stopwatch.StartNew();
        for (int i = 0; i < steps; i++)
        {
            using var scope = NewDisposeScope();
            upsampler.Batch(indices);
        }

        double dataSeconds = watch.Elapsed.TotalSeconds / steps;
        context.Log($"training {precision} batch {batch}: {batch / stepSeconds:F1} images/s, data path {dataSeconds / stepSeconds:P1} of a step");
        return (batch / stepSeconds, dataSeconds / stepSeconds);
    }
}
