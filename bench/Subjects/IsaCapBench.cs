using System.Text.Json;
using AlexNetMl.Contract.Runs;
using AlexNetMl.Export.Libtorch;
using AlexNetMl.Training.Planning;

namespace AlexNetMl.Bench.Subjects;

/// <summary>
/// What users without AVX-512 get, in the same run: fp32 training throughput measured in child processes of this
/// program, natively and with oneDNN and MKL capped at AVX2, and under the cap with glibc's default allocator. oneDNN's
/// verbose output names the ISA each child ran, which checks that the cap took effect.
/// </summary>
public sealed class IsaCapBench : IBenchSubject
{
    public void Run(BenchContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        int batch = context.Settings.MixedPrecisionBatch;
        var avx2 = new Dictionary<string, string> { [CpuFeatures.OneDnnIsaCap] = "AVX2", ["MKL_ENABLE_INSTRUCTIONS"] = "AVX2" };
        (string Label, Dictionary<string, string> Environment)[] cases =
        [
            ("native", []),
            ("AVX2 cap", avx2),
            ("AVX2 cap, glibc's default allocator", new(avx2) { [TorchAllocator.OptOutVariable] = "1" }),
        ];

        var rates = new Dictionary<string, double>();
        var isas = new List<string>();
        foreach ((string label, Dictionary<string, string> environment) in cases)
        {
            (double rate, string isa) = Probe(context, batch, new Dictionary<string, string>(environment) { ["ONEDNN_VERBOSE"] = "1" });
            rates[label] = rate;
            isas.Add($"{label}: {isa}");
            context.Add("training under an ISA cap", $"fp32 images/s, batch {batch}, {label} (child process)", rate, "images/s");
        }

        context.Add("training under an ISA cap", "AVX2 cap / native", rates["AVX2 cap"] / rates["native"], "ratio");
        context.Add("training under an ISA cap", "AVX2 cap: tuned allocator / glibc's default", rates["AVX2 cap"] / rates["AVX2 cap, glibc's default allocator"], "ratio");
        context.Note($"ISA cap rows: each ran `alexnet-bench --probe {ChildProbe.Training}` in a child process; {CpuFeatures.OneDnnIsaCap}=AVX2 and MKL_ENABLE_INSTRUCTIONS=AVX2 cap oneDNN and MKL. " +
                     $"oneDNN's verbose output named the ISA each used: {string.Join("; ", isas)}.");
    }

    /// <summary>The probe's body, in the child: fp32 training images/s at <paramref name="batch"/>, printed as one JSON line.</summary>
    public static int RunProbe(BenchContext context, int batch)
    {
        ArgumentNullException.ThrowIfNull(context);
        (double rate, _) = TrainingBench.Throughput(context, batch, TrainingPrecision.Fp32);
        ChildProbe.Print(new { images_per_second = rate, isa = CpuFeatures.Isa });
        return 0;
    }

    private static (double Rate, string Isa) Probe(BenchContext context, int batch, Dictionary<string, string> environment)
    {
        (JsonElement result, string output) = ChildProbe.Run(context, ChildProbe.Training, batch, environment);
        string isa = output.Split('\n').Select(line => line.Trim()).FirstOrDefault(line => line.Contains(",isa:", StringComparison.Ordinal)) is { } verbose
            ? verbose[(verbose.IndexOf(",isa:", StringComparison.Ordinal) + 5)..]
            : "not printed (oneDNN did not run)";
        return (result.GetProperty("images_per_second").GetDouble(), isa);
    }
}
