using System.Text.Json.Serialization;

namespace AlexNetMl.Inference.Serving.OpenInference;

// The REST messages of the Open Inference Protocol (KServe v2), as NVIDIA Triton and KServe define them: the subset
// this service speaks (metadata and infer with JSON tensors).

/// <summary>GET /v2: the server's own metadata.</summary>
public sealed record ServerMetadataResponse(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("extensions")] IReadOnlyList<string> Extensions);
