using System.Text.Json.Serialization;
using System.Text.Json;

namespace AlexNetMl.Inference.Serving.OpenInference;

// The REST messages of the Open Inference Protocol (KServe v2), as NVIDIA Triton and KServe define them: the subset
// this service speaks (metadata and infer with JSON tensors).

/// <summary>POST /v2/models/{name}/infer.</summary>
public sealed record InferRequest(
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("inputs")] IReadOnlyList<InferInput>? Inputs,
    [property: JsonPropertyName("outputs")] IReadOnlyList<RequestedOutput>? Outputs,
    [property: JsonPropertyName("parameters")] IReadOnlyDictionary<string, JsonElement>? Parameters = null);
