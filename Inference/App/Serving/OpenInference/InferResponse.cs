using System.Text.Json.Serialization;

namespace AlexNetMl.Inference.Serving.OpenInference;

// The REST messages of the Open Inference Protocol (KServe v2), as NVIDIA Triton and KServe define them: the subset
// this service speaks (metadata and infer with JSON tensors).

/// <summary>The infer response.</summary>
public sealed record InferResponse(
    [property: JsonPropertyName("model_name")] string ModelName,
    [property: JsonPropertyName("model_version")] string ModelVersion,
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("outputs")] IReadOnlyList<InferOutput> Outputs);
