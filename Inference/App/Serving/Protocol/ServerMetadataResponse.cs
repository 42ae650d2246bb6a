using System.Text.Json.Serialization;

namespace AlexNetMl.Inference.Serving.Protocol;

/// <summary>The server's own metadata (REST GET /v2, gRPC ServerMetadata).</summary>
public sealed record ServerMetadataResponse(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("extensions")] IReadOnlyList<string> Extensions);
