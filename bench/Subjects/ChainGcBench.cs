using System.Globalization;
using System.Text.Json;

namespace AlexNetMl.Bench.Subjects;

/// <summary>
/// What the ML.NET chain's per-row work is made of, and whether a GC setting shrinks it: the chain scored in child
/// processes under different GC settings, each reporting images/s, bytes allocated per image and gen-2 collections.
/// </summary>
/// <remarks>
/// ML.NET 5's OnnxTransformer copies every 224×224 float row (200 KB) into a new tensor: above the 85 KB large-object
/// threshold, so every row is a gen-2 allocation. GC settings only take effect at process start, hence the children.
/// </remarks>
public sealed class ChainGcBench : IBenchSubject
{
    private const string Section = "ML.NET chain: per-row work by GC setting";

    /// <summary>Children per setting, run in turn (A, B, C, A, B, C, ...): the machine's speed drifts between runs, and the median of interleaved runs shares the drift.</summary>
    public const int Repeats = 3;

    public void Run(BenchContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        // DOTNET_GC* values are hexadecimal: 40000 is 256 KB, above a 200 KB row, which then stays in the small-object heap.
        (string Label, Dictionary<string, string> Environment)[] cases =
        [
            ("as shipped (GCConserveMemory 7)", []),
            ("GCConserveMemory 0", new() { ["DOTNET_GCConserveMemory"] = "0" }),
            ("GCLOHThreshold 256 KB", new() { ["DOTNET_GCLOHThreshold"] = "40000" }),
        ];

        var samples = cases.ToDictionary(c => c.Label, _ => new List<double>());
        var results = new Dictionary<string, JsonElement>();
        int repeats = context.Settings.Quick ? 1 : Repeats;
        for (int repeat = 0; repeat < repeats; repeat++)
        {
            foreach ((string label, Dictionary<string, string> environment) in cases)
            {
                (JsonElement result, _) = ChildProbe.Run(context, ChildProbe.Chain, 1, environment);
                samples[label].Add(result.GetProperty("images_per_second").GetDouble());
                results[label] = result;
            }
        }

        var rates = new Dictionary<string, double>();
        var settings = new List<string>();
        foreach ((string label, _) in cases)
        {
            JsonElement result = results[label];
            double[] sorted = [.. samples[label].Order()];
            rates[label] = BenchModels.Percentile(sorted, 0.5);
            settings.Add($"{label}: LOHThreshold {result.GetProperty("loh_threshold").GetInt64():N0} B, ConserveMemory {result.GetProperty("conserve_memory").GetInt64()}");
            context.Add(Section, $"images/s, {label} (median of {repeats} child processes)", rates[label], "images/s");
            context.Add(Section, $"KB allocated per image, {label}", result.GetProperty("allocated_bytes_per_image").GetDouble() / 1024, "KB");
            context.Add(Section, $"gen-2 collections per 1,000 images, {label}", result.GetProperty("gen2_per_1000_images").GetDouble(), "count");
        }

        string shipped = cases[0].Label;
        foreach ((string label, _) in cases.Skip(1))
        {
            context.Add(Section, $"{label} / as shipped", rates[label] / rates[shipped], "ratio");
        }

        context.Note($"GC rows: each child ran `alexnet-bench --probe {ChildProbe.Chain}` (the ML.NET chain on {context.Settings.ScoringImages:N0} test images, random AlexNet weights), " +
                     $"the settings in turn, {repeats} times each; images/s per child: {string.Join("; ", cases.Select(c => $"{c.Label} {string.Join(", ", samples[c.Label].Select(r => r.ToString("F1", CultureInfo.InvariantCulture)))}"))}. " +
                     $"The GC reported these settings in effect: {string.Join("; ", settings)}.");
    }

    /// <summary>The probe's body, in the child: the chain's images/s, allocation and gen-2 collections, and the GC settings in effect.</summary>
    public static int RunProbe(BenchContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        string onnx = BenchModels.RandomAlexNetOnnx(context);
        ChainMeasurement chain = ScoringBench.ChainRun(onnx, context.Test.Take(context.Settings.ScoringImages));
        IReadOnlyDictionary<string, object> gc = GC.GetConfigurationVariables();
        ChildProbe.Print(new
        {
            images_per_second = chain.ImagesPerSecond,
            allocated_bytes_per_image = chain.AllocatedBytesPerImage,
            gen2_per_1000_images = chain.Gen2PerThousandImages,
            loh_threshold = Convert.ToInt64(gc.GetValueOrDefault("LOHThreshold", 0L), CultureInfo.InvariantCulture),
            conserve_memory = Convert.ToInt64(gc.GetValueOrDefault("GCConserveMem", 0L), CultureInfo.InvariantCulture),
        });
        return 0;
    }
}
