using AlexNetMl.Contract.Model;

namespace AlexNetMl.Export.Onnx;

/// <summary>What the exported graph promises (its <see cref="ModelContract"/>) and how it is written. Validates itself.</summary>
public sealed class OnnxExportOptions
{
    /// <summary>Creates options for a model that keeps <paramref name="contract"/>.</summary>
    public OnnxExportOptions(ModelContract contract)
    {
        ArgumentNullException.ThrowIfNull(contract);
        Contract = contract;
    }

    /// <summary>Tensor names, input size and the rest of what scorers read back; written into metadata_props.</summary>
    public ModelContract Contract { get; }

    /// <summary>ONNX operator set. 17 is run by ONNX Runtime 1.31 and by ML.NET 5's ONNX transformer (which uses that runtime).</summary>
    public int Opset { get; set; } = 17;

    /// <summary>Name of the symbolic batch dimension.</summary>
    public string BatchDimension { get; set; } = "N";

    /// <summary>Where the weights came from (run id, config hash): written into metadata beside the contract.</summary>
    public IDictionary<string, string> Provenance { get; } = new SortedDictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        if (Opset is < 13 or > 21)
        {
            throw new ArgumentException($"Opset must be between 13 and 21 (got {Opset}); Softmax's per-axis semantics need 13.");
        }

        if (string.IsNullOrWhiteSpace(BatchDimension))
        {
            throw new ArgumentException("BatchDimension must not be empty.");
        }

        Contract.Validate();
        string? clash = Provenance.Keys.FirstOrDefault(key => Contract.ToMetadata().ContainsKey(key));
        if (clash is not null)
        {
            throw new ArgumentException($"Provenance key '{clash}' is a contract key; the contract sets it.");
        }
    }
}
