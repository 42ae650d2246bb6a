using AlexNetMl.Contract.Model;
using AlexNetMl.Contract.Runs;
using AlexNetMl.Contract.Settings;
using AlexNetMl.Inference.Preprocessing;

namespace AlexNetMl.Inference.Classification;

/// <summary>Options of <see cref="FashionClassifier"/>. Validates itself.</summary>
public sealed class FashionClassifierOptions : ISelfValidatingOptions
{
    /// <summary>
    /// The hard upper bound of <see cref="MaxConcurrentPredictions"/>. With 8 concurrent callers on one shared session,
    /// ML.NET 5's ONNX transformer crashed inside ONNX Runtime 1.31 (a native segmentation fault in
    /// InferenceSession.Run, which takes the whole process down); 4 ran cleanly, so 4 is the most allowed.
    /// </summary>
    public const int ConcurrencyLimit = 4;

    /// <summary>
    /// A run folder (its manifest names the packaged model.zip), a model.zip (the saved ML.NET chain) or a model.onnx
    /// (the chain is built around it); files are told apart by content. Default: the newest run, runs/latest.
    /// </summary>
    public string ModelPath { get; set; } = RunFolder.DefaultLatest;

    /// <summary>
    /// Of a run folder's models, which to load: fp32 (the packaged model.zip) or int8 (model-int8.onnx). Default: int8
    /// when the run wrote one (it was verified against fp32 at export), else fp32. Only for a run folder.
    /// </summary>
    public ModelWeights? Weights { get; set; }

    /// <summary>Where ONNX scoring runs (default: the CPU).</summary>
    public ComputeDevice Device { get; set; } = ComputeDevice.Cpu;

    /// <summary>The CUDA device to use when <see cref="Device"/> allows CUDA.</summary>
    public int GpuId { get; set; }

    /// <summary>
    /// Most images decoded and scored at once, between 1 and <see cref="ConcurrencyLimit"/>; further callers wait their
    /// turn (default: the processor count, at most 4). One ONNX Runtime CPU run already uses every core, so more
    /// concurrent runs add no throughput, and decoding counts against the same bound, so concurrent large decodes are
    /// bounded too.
    /// </summary>
    public int MaxConcurrentPredictions { get; set; } = Math.Min(Environment.ProcessorCount, ConcurrencyLimit);

    /// <summary>How long <see cref="FashionClassifier.Dispose"/> waits for predictions in flight before giving up on them.</summary>
    public TimeSpan DisposeTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Limits and inversion for image inputs.</summary>
    public ImagePreprocessorOptions Images { get; set; } = new();

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(ModelPath))
        {
            throw new ArgumentException("ModelPath must name a run folder, a model.zip or a model.onnx file.");
        }

        if (MaxConcurrentPredictions is <= 0 or > ConcurrencyLimit)
        {
            throw new ArgumentException($"MaxConcurrentPredictions must be between 1 and {ConcurrencyLimit} (got {MaxConcurrentPredictions}); more concurrent scorers crashed ONNX Runtime.");
        }

        if (!Enum.IsDefined(Device) || GpuId < 0)
        {
            throw new ArgumentException($"Device {Device} with GPU id {GpuId} is not valid.");
        }

        if (DisposeTimeout < TimeSpan.Zero)
        {
            throw new ArgumentException($"DisposeTimeout must not be negative (got {DisposeTimeout}).");
        }

        ArgumentNullException.ThrowIfNull(Images);
        Images.Validate();
    }
}
