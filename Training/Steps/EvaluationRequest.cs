using AlexNetMl.Contract.Settings;
using AlexNetMl.Pipeline.Evaluation;

namespace AlexNetMl.Training.Steps;

/// <summary>What to evaluate, and where to write the report.</summary>
/// <param name="ModelPath">model.onnx or model.zip.</param>
/// <param name="OutputDirectory">Folder for the report files; null writes none.</param>
/// <param name="DataDirectory">Fashion-MNIST directory.</param>
/// <param name="Limit">The first N test images only.</param>
/// <param name="Device">Where ONNX scoring runs.</param>
/// <param name="GpuId">The CUDA device, when <paramref name="Device"/> allows CUDA.</param>
/// <param name="Scorer">How the images are scored.</param>
public sealed record EvaluationRequest(
    string ModelPath,
    string? OutputDirectory,
    string DataDirectory,
    int? Limit,
    ComputeDevice Device,
    int GpuId = 0,
    EvaluationScorer Scorer = EvaluationScorer.Chain);
