namespace AlexNetMl.Training.Training;

/// <summary>What the CPU offers for bfloat16 arithmetic (Linux: from /proc/cpuinfo).</summary>
public static class CpuFeatures
{
    private static readonly Lazy<string[]> Flags = new(ReadFlags);

    /// <summary>Whether the CPU has native bf16 dot products (avx512_bf16) or AMX tiles (amx_bf16).</summary>
    public static bool HasBFloat16 => Flags.Value.Contains("avx512_bf16") || Flags.Value.Contains("amx_bf16");

    /// <summary>The SIMD-related flags present (for reports).</summary>
    public static IReadOnlyList<string> SimdFlags =>
        Flags.Value.Where(f => f.StartsWith("avx", StringComparison.Ordinal) || f.StartsWith("amx", StringComparison.Ordinal) || f is "fma" or "sse4_2").Distinct().Order(StringComparer.Ordinal).ToArray();

    /// <summary>The CPU model name, or "unknown".</summary>
    public static string ModelName
    {
        get
        {
            const string Path = "/proc/cpuinfo";
            string? line = File.Exists(Path) ? File.ReadLines(Path).FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal)) : null;
            return line?.Split(':', 2)[1].Trim() ?? "unknown";
        }
    }

    private static string[] ReadFlags()
    {
        const string Path = "/proc/cpuinfo";
        if (!File.Exists(Path))
        {
            return [];
        }

        string? line = File.ReadLines(Path).FirstOrDefault(l => l.StartsWith("flags", StringComparison.Ordinal));
        return line?.Split(':', 2)[1].Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [];
    }
}
