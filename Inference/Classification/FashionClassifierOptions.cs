using AlexNetMl.Inference.Preprocessing;

namespace AlexNetMl.Inference.Classification;

/// <summary>Options of <see cref="FashionClassifier"/>. Validates itself.</summary>
public sealed class FashionClassifierOptions
{
    /// <summary>A run's model.zip (the saved ML.NET chain) or a model.onnx (the chain is built around it).</summary>
    public string ModelPath { get; set; } = Path.Combine("runs", "latest", "model.zip");

    /// <summary>CUDA device to try when building the chain from an ONNX file; null for CPU.</summary>
    public int? GpuDeviceId { get; set; }

    /// <summary>Most prediction engines kept in the pool (default: twice the processor count).</summary>
    public int MaxPooledEngines { get; set; } = Environment.ProcessorCount * 2;

    /// <summary>Limits and inversion for image inputs.</summary>
    public ImagePreprocessorOptions Images { get; set; } = new();

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(ModelPath))
        {
            throw new ArgumentException("ModelPath must name a model.zip or model.onnx file.");
        }

        if (MaxPooledEngines <= 0)
        {
            throw new ArgumentException($"MaxPooledEngines must be positive (got {MaxPooledEngines}).");
        }

        ArgumentNullException.ThrowIfNull(Images);
        Images.Validate();
    }
}
