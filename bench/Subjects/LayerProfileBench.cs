using System.Diagnostics;
using AlexNetMl.Training.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace AlexNetMl.Bench.Subjects;

/// <summary>
/// Forward + backward of each layer alone, against the GEMM rate in its precision: the profile that shows which layer
/// falls short when the whole model does.
/// </summary>
public sealed class LayerProfileBench : IBenchSubject
{
    public void Run(BenchContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        Profile(context, ScalarType.Float32, "fp32", context.Shared[GemmBench.Fp32Key]);
        Profile(context, ScalarType.BFloat16, "bf16", context.Shared[GemmBench.Bf16Key]);
    }

    private static void Profile(BenchContext context, ScalarType type, string precision, double gemmPeak)
    {
        int batch = context.Settings.MixedPrecisionBatch;
        IReadOnlyList<LayerInfo> infos;
        using (var reference = new AlexNet())
        {
            infos = LayerSummary.Compute(reference);
        }

        using var model = new AlexNet();
        model.to(type).to(context.Device);
        using var scope = NewDisposeScope();
        int side = BenchModels.AlexNetContract.InputHeight;
        Tensor x = rand(batch, BenchModels.AlexNetContract.InputChannels, side, side, device: context.Device).to(type);
        bool first = true;
        double totalSeconds = 0;
        var rows = new List<(string Name, double Seconds, double Utilisation)>();
        foreach ((string name, nn.Module<Tensor, Tensor> layer) in model.Layers)
        {
            // In-place layers (ReLU) would overwrite the input kept for the repeats: time them on a copy.
            Tensor input = x.detach().clone().requires_grad_(!first);
            Tensor output = layer.forward(input.clone());
            output.sum().backward();
            double seconds = TimeLayer(context, model, layer, input);
            LayerInfo info = infos.Single(l => l.Name == name);
            totalSeconds += seconds;
            if (info.MultiplyAdds > 0)
            {
                double flops = 2.0 * info.MultiplyAdds * batch * (first ? 2 : 3);
                rows.Add((name, seconds, flops / seconds / gemmPeak));
                first = false;
            }
            else
            {
                rows.Add((name, seconds, double.NaN));
            }

            x = output.detach();
        }

        Report(context, precision, batch, rows, totalSeconds);
    }

    // Forward and backward of one layer, repeated after a warm-up run, in seconds per run.
    private static double TimeLayer(BenchContext context, AlexNet model, nn.Module<Tensor, Tensor> layer, Tensor input)
    {
        var watch = Stopwatch.StartNew();
        int repeats = context.Settings.Quick ? 1 : 3;
        for (int r = 0; r < repeats; r++)
        {
            model.zero_grad();
            layer.forward(input.clone()).sum().backward();
        }

        BenchModels.Synchronize(context.Device);
        return watch.Elapsed.TotalSeconds / repeats;
    }

    private static void Report(BenchContext context, string precision, int batch, List<(string Name, double Seconds, double Utilisation)> rows, double totalSeconds)
    {
        foreach ((string name, double seconds, double utilisation) in rows)
        {
            context.Add("layers", $"{name}: share of forward + backward time, {precision} batch {batch}", seconds / totalSeconds, "fraction");
            if (!double.IsNaN(utilisation))
            {
                context.Add("layers", $"{name}: FLOP rate / {precision} GEMM, batch {batch}", utilisation, "ratio");
            }
        }

        double elementwise = rows.Where(r => double.IsNaN(r.Utilisation)).Sum(r => r.Seconds) / totalSeconds;
        string below = string.Join(", ", rows.Where(r => r.Utilisation < 0.9).Select(r => $"{r.Name} {r.Utilisation:F2}"));
        context.Note($"Layer profile, {precision}, batch {batch}: the layers below 0.9 of the {precision} GEMM rate are {(below.Length == 0 ? "none" : below)}; " +
                     $"ReLU, pooling and dropout (no FLOPs counted) take {elementwise:P0} of the layer time.");
    }
}
