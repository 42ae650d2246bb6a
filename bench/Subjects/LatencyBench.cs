using System.Diagnostics;
using AlexNetMl.Inference.Classification;

namespace AlexNetMl.Bench.Subjects;

/// <summary>FashionClassifier's single-image latency percentiles and its throughput through the engine pool.</summary>
public sealed class LatencyBench : IBenchSubject
{
    public void Run(BenchContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        using var classifier = new FashionClassifier(new FashionClassifierOptions { ModelPath = BenchModels.RandomAlexNetOnnx(context) });
        (double p50, double p99) = Percentiles(classifier, context);
        context.Add("latency", "FashionClassifier p50 (one image, one thread)", p50, "ms");
        context.Add("latency", "FashionClassifier p99 (one image, one thread)", p99, "ms");
        foreach (int threads in new[] { 1, 2 })
        {
            int perThread = Math.Max(1, context.Settings.LatencySamples / 2);
            var watch = Stopwatch.StartNew();
            Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
            {
                for (int i = 0; i < perThread; i++)
                {
                    classifier.Predict(context.Test.Image(((t * perThread) + i) % context.Test.Count));
                }
            });
            context.Add("latency", $"FashionClassifier throughput, {threads} thread(s) through the pool", threads * perThread / watch.Elapsed.TotalSeconds, "images/s");
        }

        context.Log($"latency: p50 {p50:F1} ms, p99 {p99:F1} ms");
    }

    /// <summary>p50 and p99 of single-image predictions, after one untimed prediction.</summary>
    public static (double P50, double P99) Percentiles(FashionClassifier classifier, BenchContext context)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentNullException.ThrowIfNull(context);
        classifier.Predict(context.Test.Image(0));
        double[] samples = new double[context.Settings.LatencySamples];
        for (int i = 0; i < samples.Length; i++)
        {
            var watch = Stopwatch.StartNew();
            classifier.Predict(context.Test.Image(i % context.Test.Count));
            samples[i] = watch.Elapsed.TotalMilliseconds;
        }

        Array.Sort(samples);
        return (BenchModels.Percentile(samples, 0.50), BenchModels.Percentile(samples, 0.99));
    }
}
