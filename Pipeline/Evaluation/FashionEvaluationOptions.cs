using AlexNetMl.Contract.Settings;

namespace AlexNetMl.Pipeline.Evaluation;

/// <summary>Options of an evaluation run. Validates itself.</summary>
public sealed class FashionEvaluationOptions
{
    /// <summary>model.onnx (the chain is built over it) or model.zip (loaded as saved); told apart by content.</summary>
    public string ModelPath { get; set; } = string.Empty;

    /// <summary>Fashion-MNIST directory.</summary>
    public string DataDirectory { get; set; } = string.Empty;

    /// <summary>Evaluate only the first N test images.</summary>
    public int? Limit { get; set; }

    /// <summary>Where ONNX scoring runs: for an ONNX file and a model.zip alike.</summary>
    public ComputeDevice Device { get; set; } = ComputeDevice.Auto;

    /// <summary>The CUDA device to use when <see cref="Device"/> allows CUDA.</summary>
    public int GpuId { get; set; }

    /// <summary>Folder that receives report.md and metrics.json; null writes nothing.</summary>
    public string? OutputDirectory { get; set; }

    /// <summary>How the images are scored.</summary>
    public EvaluationScorer Scorer { get; set; } = EvaluationScorer.Chain;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(ModelPath))
        {
            throw new ArgumentException("--model must name a model.onnx or model.zip file.");
        }

        if (!Enum.IsDefined(Scorer) || !Enum.IsDefined(Device))
        {
            throw new ArgumentException($"Unknown scorer {Scorer} or device {Device}.");
        }

        if (Limit is <= 0)
        {
            throw new ArgumentException($"--eval-limit must be positive (got {Limit}).");
        }

        if (GpuId < 0)
        {
            throw new ArgumentException($"--gpu-id must be 0 or more (got {GpuId}).");
        }

        if (OutputDirectory is not null && !Directory.Exists(OutputDirectory))
        {
            throw new DirectoryNotFoundException($"Output folder '{OutputDirectory}' does not exist.");
        }
    }
}
