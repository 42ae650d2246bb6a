using System.Text.Json.Serialization;

namespace AlexNetMl.Inference.Serving.OpenInference;

/// <summary>The infer response.</summary>
public sealed record InferResponse(
    [property: JsonPropertyName("model_name")] string ModelName,
    [property: JsonPropertyName("model_version")] string ModelVersion,
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("outputs")] IReadOnlyList<InferOutput> Outputs);
