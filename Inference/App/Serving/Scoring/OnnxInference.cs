using System.Text.Json;
using AlexNetMl.Contract.Model;
using AlexNetMl.Contract.OnnxSessions;
using AlexNetMl.Inference.Serving.OpenInference;
using AlexNetMl.Pipeline.Scoring;
using Microsoft.ML.OnnxRuntime;

namespace AlexNetMl.Inference.Serving.Scoring;

/// <summary>
/// Runs infer requests of the Open Inference Protocol on the served model's ONNX graph with ONNX Runtime: the same graph
/// the ML.NET chain scores (for a model.zip, the copy inside it), under the names, shapes and datatype of its contract.
/// </summary>
public sealed class OnnxInference : IDisposable
{
    /// <summary>The only datatype the model takes and gives.</summary>
    public const string Fp32 = "FP32";

    /// <summary>Triton's platform name for ONNX models.</summary>
    public const string Platform = "onnxruntime_onnx";

    /// <summary>The served model version.</summary>
    public const string Version = "1";

    private readonly InferenceSession _session;

    /// <summary>Opens the ONNX graph of <paramref name="modelPath"/> (model.onnx or model.zip), which keeps <paramref name="contract"/>.</summary>
    public OnnxInference(string modelPath, ModelContract contract)
    {
        ArgumentNullException.ThrowIfNull(contract);
        Contract = contract;
        _session = OrtSessions.Open(ModelLoader.ReadOnnxBytes(modelPath));
    }

    /// <summary>What the model promises.</summary>
    public ModelContract Contract { get; }

    /// <summary>The model's metadata in the protocol's terms.</summary>
    public ModelMetadataResponse Metadata(string name) => new(
        name,
        [Version],
        Platform,
        [new TensorMetadata(Contract.InputName, Fp32, [-1, .. Contract.InputShape])],
        [new TensorMetadata(Contract.LogitsName, Fp32, [-1, Contract.ClassCount]), new TensorMetadata(Contract.ProbabilitiesName, Fp32, [-1, Contract.ClassCount])]);

    /// <summary>Checks <paramref name="request"/> against the contract and runs it.</summary>
    /// <exception cref="InferenceRequestException">The request does not fit the model; the message says how.</exception>
    public InferResponse Infer(string name, InferRequest request, int maxBatch)
    {
        ArgumentNullException.ThrowIfNull(request);
        InferInput input = SingleInput(request);
        int batch = CheckShape(input, maxBatch);
        float[] data = Flatten(input, batch * Contract.InputChannels * Contract.InputHeight * Contract.InputWidth);
        string[] outputs = RequestedOutputs(request);
        using OrtValue value = OrtValue.CreateTensorValueFromMemory(data, [batch, Contract.InputChannels, Contract.InputHeight, Contract.InputWidth]);
        using var runOptions = new RunOptions();
        using IDisposableReadOnlyCollection<OrtValue> results = _session.Run(runOptions, [Contract.InputName], [value], outputs);
        var tensors = outputs.Select((output, i) => new InferOutput(output, [batch, Contract.ClassCount], Fp32, results[i].GetTensorDataAsSpan<float>().ToArray())).ToArray();
        return new InferResponse(name, Version, request.Id, tensors);
    }

    public void Dispose() => _session.Dispose();

    private InferInput SingleInput(InferRequest request)
    {
        if (request.Inputs is not { Count: 1 } inputs)
        {
            throw new InferenceRequestException($"The request must have exactly one input, '{Contract.InputName}' (got {request.Inputs?.Count ?? 0}).");
        }

        InferInput input = inputs[0];
        if (input.Name != Contract.InputName)
        {
            throw new InferenceRequestException($"Unknown input '{input.Name}'; the model's input is '{Contract.InputName}'.");
        }

        if (!string.Equals(input.Datatype, Fp32, StringComparison.Ordinal))
        {
            throw new InferenceRequestException($"Input '{input.Name}' has datatype {input.Datatype}; the model takes {Fp32}.");
        }

        return input;
    }

    private int CheckShape(InferInput input, int maxBatch)
    {
        long[] expected = [Contract.InputChannels, Contract.InputHeight, Contract.InputWidth];
        if (input.Shape is not { Count: 4 } shape || !shape.Skip(1).SequenceEqual(expected) || shape[0] < 1 || shape[0] > maxBatch)
        {
            throw new InferenceRequestException(
                $"Input '{input.Name}' has shape [{string.Join(",", input.Shape ?? [])}]; the model takes [N,{string.Join(",", expected)}] with N from 1 to {maxBatch}.");
        }

        return (int)shape[0];
    }

    private static float[] Flatten(InferInput input, int expected)
    {
        var values = new List<float>(expected);
        void Walk(JsonElement element)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.Array:
                    foreach (JsonElement item in element.EnumerateArray())
                    {
                        Walk(item);
                        if (values.Count > expected)
                        {
                            return;
                        }
                    }

                    break;
                case JsonValueKind.Number when element.TryGetSingle(out float value) && float.IsFinite(value):
                    values.Add(value);
                    break;
                default:
                    throw new InferenceRequestException($"Input '{input.Name}' holds {element.ValueKind} where FP32 numbers are expected.");
            }
        }

        Walk(input.Data);
        return values.Count == expected
            ? [.. values]
            : throw new InferenceRequestException($"Input '{input.Name}' has {(values.Count > expected ? "more than " + expected : values.Count)} values; its shape needs {expected}.");
    }

    private string[] RequestedOutputs(InferRequest request)
    {
        string[] all = [Contract.LogitsName, Contract.ProbabilitiesName];
        if (request.Outputs is not { Count: > 0 } wanted)
        {
            return all;
        }

        string? unknown = wanted.Select(o => o.Name).FirstOrDefault(n => !all.Contains(n));
        return unknown is null
            ? wanted.Select(o => o.Name).Distinct().ToArray()
            : throw new InferenceRequestException($"Unknown output '{unknown}'; the model's outputs are {string.Join(" and ", all)}.");
    }
}
