namespace AlexNetMl.Export.Onnx;

/// <summary>Names, shapes and metadata of the exported graph. Validates itself before an export starts.</summary>
public sealed class OnnxExportOptions
{
    /// <summary>ONNX operator set. 17 is run by ONNX Runtime 1.31 and by ML.NET 5's ONNX transformer (which uses that runtime).</summary>
    public int Opset { get; set; } = 17;

    /// <summary>Name of the graph input.</summary>
    public string InputName { get; set; } = "image";

    /// <summary>Input shape without the (symbolic) batch dimension: channels, height, width.</summary>
    public IReadOnlyList<long> InputShape { get; set; } = [1, 224, 224];

    /// <summary>Name of the symbolic batch dimension.</summary>
    public string BatchDimension { get; set; } = "N";

    /// <summary>Name of the raw output of the module.</summary>
    public string LogitsName { get; set; } = "logits";

    /// <summary>Name of the softmax of the logits, which ML.NET's log-loss needs.</summary>
    public string ProbabilitiesName { get; set; } = "probabilities";

    /// <summary>Entries for the model's metadata_props (class names, input size, run id...).</summary>
    public IDictionary<string, string> Metadata { get; } = new SortedDictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        if (Opset is < 13 or > 21)
        {
            throw new ArgumentException($"Opset must be between 13 and 21 (got {Opset}); Softmax's per-axis semantics need 13.");
        }

        if (InputShape.Count != 3 || InputShape.Any(d => d <= 0))
        {
            throw new ArgumentException($"InputShape must be three positive sizes (channels, height, width), got [{string.Join(", ", InputShape)}].");
        }

        foreach ((string name, string value) in new[] { (nameof(InputName), InputName), (nameof(LogitsName), LogitsName), (nameof(ProbabilitiesName), ProbabilitiesName), (nameof(BatchDimension), BatchDimension) })
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                throw new ArgumentException($"{name} must not be empty.");
            }
        }

        if (LogitsName == ProbabilitiesName || InputName == LogitsName || InputName == ProbabilitiesName)
        {
            throw new ArgumentException("InputName, LogitsName and ProbabilitiesName must differ.");
        }
    }
}
