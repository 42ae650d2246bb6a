using AlexNetMl.Contract.Model;
using AlexNetMl.Contract.OnnxSessions;
using AlexNetMl.Pipeline.Scoring;
using Microsoft.ML.OnnxRuntime;

namespace AlexNetMl.Inference.Serving.Scoring;

/// <summary>
/// The served model's ONNX graph in ONNX Runtime: the same graph the ML.NET chain scores (for a model.zip, the copy
/// inside it), under the names, shapes and datatype of its contract. It scores whole batches in one run, for
/// <see cref="DynamicBatcher"/>.
/// </summary>
public sealed class OnnxInference : IImageScorer, IDisposable
{
    /// <summary>The datatype the model takes and gives.</summary>
    public const string Fp32 = "FP32";

    /// <summary>The datatype of the classification extension's strings.</summary>
    public const string Bytes = "BYTES";

    /// <summary>Triton's platform name for ONNX models.</summary>
    public const string Platform = "onnxruntime_onnx";

    /// <summary>The served model version.</summary>
    public const string Version = "1";

    private readonly InferenceSession _session;
    private readonly string[] _outputs;

    /// <summary>Opens the ONNX graph of <paramref name="modelPath"/> (model.onnx or model.zip), which keeps <paramref name="contract"/>.</summary>
    public OnnxInference(string modelPath, ModelContract contract)
    {
        ArgumentNullException.ThrowIfNull(contract);
        Contract = contract;
        _session = OrtSessions.Open(ModelLoader.ReadOnnxBytes(modelPath));
        _outputs = [contract.LogitsName, contract.ProbabilitiesName];
    }

    /// <summary>What the model promises.</summary>
    public ModelContract Contract { get; }

    /// <summary>One image's shape: channels, height, width.</summary>
    public IReadOnlyList<long> InputShape => [Contract.InputChannels, Contract.InputHeight, Contract.InputWidth];

    /// <inheritdoc/>
    public int ImageSize => Contract.InputChannels * Contract.InputHeight * Contract.InputWidth;

    /// <inheritdoc/>
    public int ClassCount => Contract.ClassCount;

    /// <inheritdoc/>
    public ScoredImages Score(float[] images, int count)
    {
        using OrtValue value = OrtValue.CreateTensorValueFromMemory(images, [count, Contract.InputChannels, Contract.InputHeight, Contract.InputWidth]);
        using var runOptions = new RunOptions();
        using IDisposableReadOnlyCollection<OrtValue> results = _session.Run(runOptions, [Contract.InputName], [value], _outputs);
        return new ScoredImages(count, ClassCount, results[0].GetTensorDataAsSpan<float>().ToArray(), results[1].GetTensorDataAsSpan<float>().ToArray());
    }

    public void Dispose() => _session.Dispose();
}
