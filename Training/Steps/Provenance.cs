using AlexNetMl.Contract.Runs;
using AlexNetMl.Training.Planning;
using TorchSharp;
using static TorchSharp.torch;

namespace AlexNetMl.Training.Steps;

/// <summary>The provenance of a run made now, on this machine, for its manifest.</summary>
public static class Provenance
{
    /// <summary>Where and with what a run on <paramref name="device"/> reading <paramref name="dataDirectory"/> is made now.</summary>
    public static RunProvenance Current(Device device, string dataDirectory, ImportedWeights? imported = null)
    {
        ArgumentNullException.ThrowIfNull(device);
        var versions = new SoftwareVersions(Environment.Version.ToString(), VersionOf(typeof(torch)), VersionOf(typeof(Provenance)));
        var machine = new TrainingMachine(Environment.OSVersion.ToString(), Environment.ProcessorCount, CpuFeatures.Isa, CpuFeatures.HasBFloat16);
        return new RunProvenance(device.type.ToString(), get_num_threads(), dataDirectory, versions, machine, DateTimeOffset.Now, imported);
    }

    private static string VersionOf(Type type) => type.Assembly.GetName().Version?.ToString() ?? "unknown";
}
