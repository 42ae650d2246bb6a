using System.Text.Json.Serialization;
using System.Text.Json;

namespace AlexNetMl.Inference.Serving.OpenInference;

/// <summary>POST /v2/models/{name}/infer.</summary>
public sealed record InferRequest(
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("inputs")] IReadOnlyList<InferInput>? Inputs,
    [property: JsonPropertyName("outputs")] IReadOnlyList<InferRequestOutput>? Outputs,
    [property: JsonPropertyName("parameters")] IReadOnlyDictionary<string, JsonElement>? Parameters = null);
