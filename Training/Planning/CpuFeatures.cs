using System.Runtime.Intrinsics.X86;

namespace AlexNetMl.Training.Planning;

/// <summary>What the CPU offers for training arithmetic, read with .NET's intrinsics (CPUID on x86), on every OS.</summary>
public static class CpuFeatures
{
    /// <summary>Environment variable that caps the instruction set oneDNN (libtorch's convolutions) uses.</summary>
    public const string OneDnnIsaCap = "ONEDNN_MAX_CPU_ISA";

    /// <summary>Where Linux describes the CPU (model name, family, clock).</summary>
    public const string CpuInfoPath = "/proc/cpuinfo";

    /// <summary>
    /// Whether bf16 arithmetic runs natively: the CPU has avx512_bf16 or AMX-BF16 and oneDNN is not capped below them
    /// (<see cref="OneDnnIsaCap"/>). .NET has no flag for these two, so they are read with <see cref="X86Base.CpuId"/>.
    /// </summary>
    public static bool HasBFloat16 => CpuHasBFloat16 && OneDnnMayUseBFloat16;

    /// <summary>Whether the CPU itself has avx512_bf16 or AMX-BF16, whatever oneDNN is allowed to use.</summary>
    public static bool CpuHasBFloat16
    {
        get
        {
            if (!X86Base.IsSupported || X86Base.CpuId(0, 0).Eax < 7)
            {
                return false;
            }

            // CPUID leaf 7: sub-leaf 1 EAX bit 5 is AVX512_BF16; sub-leaf 0 EDX bit 22 is AMX-BF16.
            bool avx512Bf16 = Avx512F.IsSupported && (X86Base.CpuId(7, 1).Eax & (1 << 5)) != 0;
            bool amxBf16 = (X86Base.CpuId(7, 0).Edx & (1 << 22)) != 0;
            return avx512Bf16 || amxBf16;
        }
    }

    /// <summary>The vector instruction set the training kernels use, e.g. "AVX-512", "AVX2 (capped by ONEDNN_MAX_CPU_ISA)", "NEON".</summary>
    public static string Isa
    {
        get
        {
            string native = Avx512F.IsSupported ? "AVX-512" : Avx2.IsSupported ? "AVX2" : Avx.IsSupported ? "AVX" : System.Runtime.Intrinsics.Arm.AdvSimd.IsSupported ? "NEON" : "SSE";
            string? cap = Environment.GetEnvironmentVariable(OneDnnIsaCap);
            return string.IsNullOrWhiteSpace(cap) ? native : $"{cap.Trim().ToUpperInvariant()} (capped by {OneDnnIsaCap}; the CPU has {native})";
        }
    }

    /// <summary>The SIMD extensions .NET reports, for reports.</summary>
    public static IReadOnlyList<string> SimdFlags
    {
        get
        {
            var flags = new List<string>();
            void Add(bool present, string name)
            {
                if (present)
                {
                    flags.Add(name);
                }
            }

            Add(Sse42.IsSupported, "sse4_2");
            Add(Avx.IsSupported, "avx");
            Add(Avx2.IsSupported, "avx2");
            Add(Fma.IsSupported, "fma");
            Add(Avx512F.IsSupported, "avx512f");
            Add(Avx512BW.IsSupported, "avx512bw");
            Add(AvxVnni.IsSupported, "avx_vnni");
            Add(CpuHasBFloat16, "bf16");
            Add(System.Runtime.Intrinsics.Arm.AdvSimd.IsSupported, "neon");
            return flags;
        }
    }

    /// <summary>
    /// The CPU model name where the OS tells it (Linux), else the architecture; on x86 followed by CPUID's family and
    /// model (<see cref="FamilyAndModel"/>), because virtual machines name different generations alike ("AMD EPYC")
    /// while their AVX-512 throughput, and so the training rate, differs by nearly twofold.
    /// </summary>
    public static string ModelName
    {
        get
        {
            string? line = File.Exists(CpuInfoPath) ? File.ReadLines(CpuInfoPath).FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal)) : null;
            string name = line?.Split(':', 2)[1].Trim() ?? System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture.ToString();
            if (!X86Base.IsSupported)
            {
                return name;
            }

            (int family, int model) = FamilyAndModel(X86Base.CpuId(1, 0).Eax);
            return $"{name} (family {family}, model {model})";
        }
    }

    /// <summary>
    /// The family and model CPUID leaf 1 reports in <paramref name="eax"/>, combined as the vendors' manuals (and
    /// Linux's /proc/cpuinfo) do: the extended family is added only to base family 15, and the extended model is the
    /// high nibble only for base families 6 and 15.
    /// </summary>
    public static (int Family, int Model) FamilyAndModel(int eax)
    {
        int baseFamily = (eax >> 8) & 0xF;
        int baseModel = (eax >> 4) & 0xF;
        int family = baseFamily == 0xF ? baseFamily + ((eax >> 20) & 0xFF) : baseFamily;
        int model = baseFamily is 0x6 or 0xF ? baseModel | (((eax >> 16) & 0xF) << 4) : baseModel;
        return (family, model);
    }

    // oneDNN's ISA names that include bf16 arithmetic: avx512_core_bf16, avx512_core_amx, avx10_1_512 and above.
    private static bool OneDnnMayUseBFloat16
    {
        get
        {
            string? cap = Environment.GetEnvironmentVariable(OneDnnIsaCap)?.Trim().ToUpperInvariant();
            return string.IsNullOrEmpty(cap) || cap is "ALL" || cap.Contains("BF16", StringComparison.Ordinal) || cap.Contains("AMX", StringComparison.Ordinal) || cap.StartsWith("AVX10", StringComparison.Ordinal);
        }
    }
}
