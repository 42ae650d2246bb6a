namespace AlexNetMl.Contract.Runs;

/// <summary>Where and with what a run was made.</summary>
/// <param name="Device">The device training ran on (cpu, cuda).</param>
/// <param name="Threads">Intra-op threads of the training library.</param>
/// <param name="DataDirectory">The Fashion-MNIST folder read.</param>
/// <param name="Versions">.NET, TorchSharp and AlexNetMl versions.</param>
/// <param name="Machine">The machine's OS, cores and instruction set.</param>
/// <param name="Started">When the run was created.</param>
/// <param name="Imported">For a run made by <c>import</c>: the weights file it came from; null for a trained run.</param>
public sealed record RunProvenance(
    string Device,
    int Threads,
    string DataDirectory,
    SoftwareVersions Versions,
    TrainingMachine Machine,
    DateTimeOffset Started,
    ImportedWeights? Imported = null);
