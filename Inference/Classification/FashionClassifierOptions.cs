using AlexNetMl.Inference.Preprocessing;

namespace AlexNetMl.Inference.Classification;

/// <summary>Options of <see cref="FashionClassifier"/>. Validates itself.</summary>
public sealed class FashionClassifierOptions
{
    /// <summary>A run's model.zip (the saved ML.NET chain) or a model.onnx (the chain is built around it).</summary>
    public string ModelPath { get; set; } = Path.Combine("runs", "latest", "model.zip");

    /// <summary>CUDA device to try when building the chain from an ONNX file; null for CPU.</summary>
    public int? GpuDeviceId { get; set; }

    /// <summary>
    /// Most predictions scored at once; further callers wait their turn (default: the processor count, at most 4).
    /// </summary>
    /// <remarks>
    /// One ONNX Runtime CPU run already uses every core, so more concurrent runs add no throughput. And with 8 concurrent
    /// callers on a 2-core machine, ML.NET 5's ONNX transformer crashed inside ONNX Runtime 1.31 (a native segmentation
    /// fault in InferenceSession.Run); 4 ran cleanly. The bound keeps a shared classifier safe under any load.
    /// </remarks>
    public int MaxConcurrentPredictions { get; set; } = Math.Min(Environment.ProcessorCount, 4);

    /// <summary>Limits and inversion for image inputs.</summary>
    public ImagePreprocessorOptions Images { get; set; } = new();

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(ModelPath))
        {
            throw new ArgumentException("ModelPath must name a model.zip or model.onnx file.");
        }

        if (MaxConcurrentPredictions <= 0)
        {
            throw new ArgumentException($"MaxConcurrentPredictions must be positive (got {MaxConcurrentPredictions}).");
        }

        ArgumentNullException.ThrowIfNull(Images);
        Images.Validate();
    }
}
