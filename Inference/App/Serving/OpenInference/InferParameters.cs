using System.Text.Json;

namespace AlexNetMl.Inference.Serving.OpenInference;

/// <summary>
/// The <c>parameters</c> of an infer request, its inputs and its outputs: accepted when this server does what they ask,
/// refused otherwise, never silently dropped. The only ones it honours ask for what it does anyway: JSON tensors
/// (<c>binary_data</c> and <c>binary_data_output</c> false, as Triton's clients send when binary data is off).
/// </summary>
public static class InferParameters
{
    private static readonly string[] JsonTensors = ["binary_data", "binary_data_output"];

    /// <summary>Throws <see cref="InferenceRequestException"/> naming the first parameter of <paramref name="request"/> this server does not honour.</summary>
    public static void Check(InferRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        Check(request.Parameters, "the request");
        foreach (InferInput input in request.Inputs ?? [])
        {
            Check(input.Parameters, $"input '{input.Name}'");
        }

        foreach (RequestedOutput output in request.Outputs ?? [])
        {
            Check(output.Parameters, $"output '{output.Name}'");
        }
    }

    private static void Check(IReadOnlyDictionary<string, JsonElement>? parameters, string where)
    {
        foreach ((string name, JsonElement value) in parameters ?? new Dictionary<string, JsonElement>())
        {
            if (!(JsonTensors.Contains(name) && value.ValueKind == JsonValueKind.False))
            {
                throw new InferenceRequestException($"Parameter '{name}' of {where} is not supported by this server (it answers JSON tensors only); remove it.");
            }
        }
    }
}
