using System.Text.Json.Serialization;
using System.Text.Json;

namespace AlexNetMl.Inference.Serving.OpenInference;

/// <summary>An output an infer request asks for, with its parameters.</summary>
public sealed record InferRequestOutput(
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("parameters")] IReadOnlyDictionary<string, JsonElement>? Parameters = null);
