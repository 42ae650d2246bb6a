using AlexNetMl.Pipeline.Transforms;

namespace AlexNetMl.Pipeline.Scoring;

/// <summary>Options of the scoring chain (upsample + ONNX). Validates itself.</summary>
public sealed class OnnxScoringOptions
{
    /// <summary>The ONNX model file.</summary>
    public string ModelPath { get; set; } = string.Empty;

    /// <summary>CUDA device to try first; null scores on the CPU. Falls back to the CPU when CUDA is unavailable.</summary>
    public int? GpuDeviceId { get; set; }

    /// <summary>Upsampling interpolation; bilinear matches training.</summary>
    public UpsampleResampler Resampler { get; set; } = UpsampleResampler.Bilinear;

    /// <summary>Name of the model's softmax output.</summary>
    public string ProbabilitiesName { get; set; } = "probabilities";

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(ModelPath))
        {
            throw new ArgumentException("ModelPath must name an ONNX file.");
        }

        if (GpuDeviceId is < 0)
        {
            throw new ArgumentException($"GpuDeviceId must be null or non-negative (got {GpuDeviceId}).");
        }
    }
}
