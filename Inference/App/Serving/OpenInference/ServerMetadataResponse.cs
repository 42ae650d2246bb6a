using System.Text.Json.Serialization;

namespace AlexNetMl.Inference.Serving.OpenInference;

/// <summary>GET /v2: the server's own metadata.</summary>
public sealed record ServerMetadataResponse(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("extensions")] IReadOnlyList<string> Extensions);
