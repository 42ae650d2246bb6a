using System.Diagnostics;
using AlexNetMl.Training.Models;
using static TorchSharp.torch;

namespace AlexNetMl.Training.Exercises;

/// <summary>Measures this machine's memory bandwidth and matrix-multiply rate and places AlexNet's layers between them.</summary>
public static class Roofline
{
    /// <summary>Runs the measurements; <paramref name="quick"/> keeps every size tiny (a harness check).</summary>
    public static RooflineResult Measure(bool quick, int batch)
    {
        double bandwidth = Bandwidth(quick ? 1 << 20 : 1 << 26);
        double gemm = Gemm(quick ? 256 : 2048);
        using var model = new AlexNet();
        IReadOnlyList<LayerInfo> layers = LayerSummary.Compute(model);
        var intensities = new List<LayerIntensity>();
        long[] input = [1, 224, 224];
        foreach (LayerInfo layer in layers)
        {
            if (layer.MultiplyAdds > 0)
            {
                double flops = 2.0 * layer.MultiplyAdds;
                long inputElements = input.Aggregate(1L, (a, b) => a * b);
                long outputElements = layer.OutputShape.Aggregate(1L, (a, b) => a * b);
                double Intensity(int b) => flops * b / (4.0 * (layer.Parameters + (b * (inputElements + outputElements))));
                intensities.Add(new LayerIntensity(layer.Name, flops, Intensity(1), Intensity(batch)));
            }

            input = layer.OutputShape;
        }

        List<LayerInfo> hidden = layers.Where(l => l.IsDense).Take(2).ToList();
        (double single, double batched) = DenseTimes(model, quick ? 2 : 20, batch);
        return new RooflineResult(bandwidth, gemm, intensities, batch, single, batched, hidden.Sum(l => l.ParameterBytes));
    }

    /// <summary>
    /// Memory bandwidth as a streaming copy measures it: every core copies its own array of <paramref name="floats"/> (larger than
    /// the caches) several times; the bytes read plus the bytes written per second.
    /// </summary>
    public static double Bandwidth(int floats)
    {
        int cores = Environment.ProcessorCount;
        float[][] sources = Enumerable.Range(0, cores).Select(_ => Enumerable.Repeat(1f, floats).ToArray()).ToArray();
        float[][] targets = Enumerable.Range(0, cores).Select(_ => new float[floats]).ToArray();
        Parallel.For(0, cores, c => sources[c].CopyTo(targets[c], 0));
        const int Repeats = 5;
        var watch = Stopwatch.StartNew();
        for (int r = 0; r < Repeats; r++)
        {
            Parallel.For(0, cores, c => sources[c].AsSpan().CopyTo(targets[c]));
        }

        return 2.0 * sizeof(float) * floats * cores * Repeats / watch.Elapsed.TotalSeconds;
    }

    private static double Gemm(int n)
    {
        using var scope = NewDisposeScope();
        Tensor a = randn(n, n);
        Tensor b = randn(n, n);
        matmul(a, b);
        const int Repeats = 3;
        var watch = Stopwatch.StartNew();
        for (int r = 0; r < Repeats; r++)
        {
            matmul(a, b);
        }

        return 2.0 * n * n * n * Repeats / watch.Elapsed.TotalSeconds;
    }

    // fc1 and fc2 alone (6400 → 4096 → 4096), forward without gradients: per-image milliseconds at batch 1 and batched.
    private static (double Single, double Batched) DenseTimes(AlexNet model, int repeats, int batch)
    {
        var dense = model.Layers.Where(l => l.Name is "fc1" or "fc2").Select(l => l.Layer).ToList();
        double PerImage(int b)
        {
            using var scope = NewDisposeScope();
            using var _ = no_grad();
            Tensor x = rand(b, 6400);
            Tensor Forward() => dense.Aggregate(x, (t, layer) => layer.forward(t));
            Forward();
            var watch = Stopwatch.StartNew();
            for (int r = 0; r < repeats; r++)
            {
                Forward();
            }

            return watch.Elapsed.TotalMilliseconds / repeats / b;
        }

        return (PerImage(1), PerImage(batch));
    }
}
