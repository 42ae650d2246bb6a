using System.Globalization;
using System.Runtime.Intrinsics.X86;
using AlexNetMl.Training.Planning;

namespace AlexNetMl.Bench;

/// <summary>
/// The theoretical fp32 peak of this CPU: cores × FMA units × SIMD lanes × 2 (an FMA is two FLOPs) × clock, from the
/// CPU's features and its clock, with every assumption stated (<see cref="Assumptions"/>).
/// </summary>
/// <param name="Cores">Cores the process may use.</param>
/// <param name="FmaUnits">FMA pipes per core (assumed).</param>
/// <param name="Lanes">fp32 lanes per FMA at the ISA in use.</param>
/// <param name="ClockHz">The clock used.</param>
/// <param name="Assumptions">What was assumed, in words.</param>
public sealed record CpuPeak(int Cores, int FmaUnits, int Lanes, double ClockHz, string Assumptions)
{
    /// <summary>Peak fp32 FLOP/s.</summary>
    public double Fp32FlopsPerSecond => Cores * FmaUnits * Lanes * 2.0 * ClockHz;

    /// <summary>Peak bf16 FLOP/s: AVX512_BF16's dot product does two bf16 products per fp32 lane.</summary>
    public double Bf16FlopsPerSecond => Fp32FlopsPerSecond * 2;

    /// <summary>The estimate for this machine at the ISA oneDNN may use (<paramref name="isaCap"/>, e.g. AVX2), or null off x86 or without a clock.</summary>
    public static CpuPeak? Estimate(string? isaCap)
    {
        if (!X86Base.IsSupported || Clock() is not { } clock)
        {
            return null;
        }

        (int vendorLanes, string datapath) = NativeLanes();
        bool capped = isaCap?.Trim().ToUpperInvariant() is { Length: > 0 } cap && !cap.StartsWith("AVX512", StringComparison.Ordinal) && !cap.StartsWith("AVX10", StringComparison.Ordinal) && cap != "ALL";
        int lanes = capped ? Math.Min(8, vendorLanes) : vendorLanes;
        string assumptions =
            $"{Environment.ProcessorCount} cores × 2 FMA pipes per core (assumed: every x86 core since Haswell and Zen has two) × {lanes} fp32 lanes " +
            $"({(capped ? "256-bit AVX2 under the ISA cap" : datapath)}) × 2 FLOPs per FMA × {clock.Hz / 1e9:F2} GHz ({clock.Source})";
        return new CpuPeak(Environment.ProcessorCount, 2, lanes, clock.Hz, assumptions);
    }

    // AVX-512 doubles the lanes only where the core executes 512 bits at once: Intel's AVX-512 cores and AMD's Zen 5
    // (family 26); Zen 4 (family 25) splits each 512-bit instruction over its 256-bit pipes.
    private static (int Lanes, string Datapath) NativeLanes()
    {
        if (!Avx512F.IsSupported)
        {
            return Avx2.IsSupported ? (8, "256-bit AVX2") : (4, "128-bit SSE");
        }

        (int family, bool amd) = Identity();
        return amd && family < 26 ? (8, "AVX-512 on a 256-bit datapath (AMD before Zen 5)") : (16, "512-bit AVX-512 datapath");
    }

    private static (int Family, bool Amd) Identity()
    {
        (int _, int ebx, int ecx, int edx) = X86Base.CpuId(0, 0);
        string vendor = string.Concat(new[] { ebx, edx, ecx }.Select(r => string.Concat(BitConverter.GetBytes(r).Select(b => (char)b))));
        int eax = X86Base.CpuId(1, 0).Eax;
        int family = (eax >> 8) & 0xF;
        if (family == 0xF)
        {
            family += (eax >> 20) & 0xFF;
        }

        return (family, vendor == "AuthenticAMD");
    }

    // The kernel's maximum frequency where cpufreq exposes it; else the highest "cpu MHz" in /proc/cpuinfo, which in a
    // virtual machine is the nominal clock (turbo may run faster, so measured rates can exceed this peak).
    private static (double Hz, string Source)? Clock()
    {
        const string MaxFrequency = "/sys/devices/system/cpu/cpu0/cpufreq/cpuinfo_max_freq";
        if (File.Exists(MaxFrequency) && double.TryParse(File.ReadAllText(MaxFrequency).Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double kHz))
        {
            return (kHz * 1e3, "cpufreq's maximum");
        }

        if (!File.Exists(CpuFeatures.CpuInfoPath))
        {
            return null;
        }

        double megahertz = File.ReadLines(CpuFeatures.CpuInfoPath)
            .Where(line => line.StartsWith("cpu MHz", StringComparison.Ordinal))
            .Select(line => double.TryParse(line.Split(':', 2)[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double value) ? value : 0)
            .DefaultIfEmpty(0)
            .Max();
        return megahertz > 0 ? (megahertz * 1e6, "the highest 'cpu MHz' in /proc/cpuinfo: the nominal clock, turbo not counted") : null;
    }
}
