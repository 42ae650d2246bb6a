using System.Globalization;
using System.Text;
using AlexNetMl.Contract.IO;
using AlexNetMl.Contract.Model;

namespace AlexNetMl.Export.Triton;

/// <summary>
/// Writes an NVIDIA Triton model repository for an exported model: <c>DIR/&lt;model&gt;/config.pbtxt</c>,
/// <c>labels.txt</c> and <c>1/model.onnx</c>, following Triton's documented layout for the onnxruntime backend. Names,
/// shapes and datatypes come from the model's contract, so a client of the Open Inference Protocol sends the same
/// request to Triton as to <c>alexnet-classify serve</c>.
/// </summary>
public static class TritonRepository
{
    /// <summary>Version folder of the model (Triton serves the highest number).</summary>
    public const string Version = "1";

    /// <summary>The label file attached to the probabilities output.</summary>
    public const string LabelsFile = "labels.txt";

    /// <summary>The model configuration file.</summary>
    public const string ConfigFile = "config.pbtxt";

    /// <summary>The model file Triton's onnxruntime backend loads by default.</summary>
    public const string ModelFile = "model.onnx";

    /// <summary>Largest batch Triton may form from queued requests (dynamic batching).</summary>
    public const int DefaultMaxBatchSize = 64;

    /// <summary>Writes the repository for <paramref name="onnxPath"/> under <paramref name="directory"/>; returns the model's folder.</summary>
    public static string Write(string directory, string onnxPath, ModelContract contract, int maxBatchSize = DefaultMaxBatchSize)
    {
        ArgumentNullException.ThrowIfNull(contract);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBatchSize);
        if (File.Exists(directory))
        {
            throw new ArgumentException($"--triton '{directory}' is a file; it must name a folder (created if missing).");
        }

        string model = Path.Combine(directory, contract.ModelName);
        string version = Path.Combine(model, Version);
        Directory.CreateDirectory(version);
        AtomicFile.WriteAllText(Path.Combine(model, ConfigFile), Config(contract, maxBatchSize));
        AtomicFile.WriteAllText(Path.Combine(model, LabelsFile), string.Join('\n', contract.ClassNames) + "\n");
        AtomicFile.Write(Path.Combine(version, ModelFile), target =>
        {
            using FileStream source = File.OpenRead(onnxPath);
            source.CopyTo(target);
        });
        return model;
    }

    /// <summary>config.pbtxt for <paramref name="contract"/>: dims exclude the batch dimension, which max_batch_size adds.</summary>
    public static string Config(ModelContract contract, int maxBatchSize = DefaultMaxBatchSize)
    {
        ArgumentNullException.ThrowIfNull(contract);
        string Dims(IEnumerable<long> dims) => string.Join(", ", dims.Select(d => d.ToString(CultureInfo.InvariantCulture)));
        var text = new StringBuilder();
        text.AppendLine($"name: \"{contract.ModelName}\"");
        text.AppendLine("platform: \"onnxruntime_onnx\"");
        text.AppendLine($"max_batch_size: {maxBatchSize}");
        text.AppendLine("input [");
        text.AppendLine($"  {{ name: \"{contract.InputName}\" data_type: TYPE_FP32 dims: [ {Dims(contract.InputShape)} ] }}");
        text.AppendLine("]");
        text.AppendLine("output [");
        text.AppendLine($"  {{ name: \"{contract.LogitsName}\" data_type: TYPE_FP32 dims: [ {contract.ClassCount} ] }},");
        text.AppendLine($"  {{ name: \"{contract.ProbabilitiesName}\" data_type: TYPE_FP32 dims: [ {contract.ClassCount} ] label_filename: \"{LabelsFile}\" }}");
        text.AppendLine("]");
        text.AppendLine("dynamic_batching { max_queue_delay_microseconds: 500 }");
        return text.ToString();
    }
}
