using AlexNetMl.Contract.Runs;
using AlexNetMl.Export.Verification;

namespace AlexNetMl.Training.Steps;

/// <summary>What the export step wrote.</summary>
/// <param name="OnnxPath">The fp32 model's full path.</param>
/// <param name="Parity">How the fp32 model matched TorchSharp.</param>
/// <param name="Models">The model files, as the run manifest records them.</param>
public sealed record ExportResult(string OnnxPath, ParityReport Parity, RunModels Models);
