using System.Globalization;
using System.Reflection;
using AlexNetMl.Training.Planning;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML;
using static TorchSharp.torch;

namespace AlexNetMl.Bench;

/// <summary>The machine and versions a report was measured with.</summary>
public static class MachineDescription
{
    public static SortedDictionary<string, string> Of(Device device) => new(StringComparer.Ordinal)
    {
        ["cpu"] = CpuFeatures.ModelName,
        ["cores"] = Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture),
        ["simd"] = string.Join(" ", CpuFeatures.SimdFlags),
        ["isa used by oneDNN"] = CpuFeatures.Isa,
        ["device"] = device.type.ToString(),
        ["torch threads"] = get_num_threads().ToString(CultureInfo.InvariantCulture),
        ["TorchSharp"] = PackageVersion(typeof(TorchSharp.torch)),
        ["ML.NET"] = PackageVersion(typeof(MLContext)),
        ["ONNX Runtime"] = PackageVersion(typeof(InferenceSession)),
        ["ImageSharp"] = PackageVersion(typeof(SixLabors.ImageSharp.Image)),
        [".NET"] = Environment.Version.ToString(),
        ["os"] = System.Runtime.InteropServices.RuntimeInformation.OSDescription,
    };

    /// <summary>The informational (package) version of a type's assembly, without the source-revision suffix.</summary>
    private static string PackageVersion(Type type)
    {
        string? version = type.Assembly.GetCustomAttributes<AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion;
        return version?.Split('+')[0] ?? type.Assembly.GetName().Version?.ToString() ?? "?";
    }
}
