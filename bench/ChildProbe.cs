using System.Globalization;
using System.Text.Json;
using AlexNetMl.Contract.Programs;

namespace AlexNetMl.Bench;

/// <summary>
/// Runs one measurement of this program in a child process (<c>alexnet-bench --probe NAME</c>), for settings that only
/// take effect at process start: an instruction-set cap, the allocator, the GC. The child prints one JSON line.
/// </summary>
public static class ChildProbe
{
    /// <summary>The line a probe prints its result on.</summary>
    public const string Prefix = "probe: ";

    /// <summary>The probe that measures fp32 training images/s (the ISA-cap rows).</summary>
    public const string Training = "training";

    /// <summary>The probe that measures the ML.NET chain with its allocation and gen-2 collections (the GC rows).</summary>
    public const string Chain = "chain";

    /// <summary>The probe that trains the main job's step with the options its environment names (the step-option rows).</summary>
    public const string Step = "step";

    /// <summary>The probes a child can run.</summary>
    public static IReadOnlyList<string> Names { get; } = [Training, Chain, Step];

    /// <summary>Prints a probe's result, in the child.</summary>
    public static void Print(object result) => Console.WriteLine(Prefix + JsonSerializer.Serialize(result));

    /// <summary>Runs probe <paramref name="name"/> in a child with <paramref name="environment"/> added; returns its JSON result and its whole output.</summary>
    public static (JsonElement Result, string Output) Run(BenchContext context, string name, int batch, IReadOnlyDictionary<string, string> environment)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(environment);
        string program = Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "alexnet-bench.exe" : "alexnet-bench");
        string[] arguments = ["--probe", name, "--probe-batch", batch.ToString(CultureInfo.InvariantCulture), "--data", context.DataDirectory, .. context.Settings.Quick ? new[] { "--quick" } : []];
        (int exit, string output) = ChildProgram.Run(program, arguments, environment, TimeSpan.FromMinutes(10));
        string? line = output.Split('\n').FirstOrDefault(l => l.StartsWith(Prefix, StringComparison.Ordinal));
        if (exit != 0 || line is null)
        {
            throw new InvalidOperationException($"The {name} probe ({string.Join(' ', environment.Select(e => $"{e.Key}={e.Value}"))}) failed with exit code {exit}: {output[^Math.Min(output.Length, 2000)..]}");
        }

        using JsonDocument json = JsonDocument.Parse(line[Prefix.Length..]);
        return (json.RootElement.Clone(), output);
    }
}
