using System.Text.Json.Serialization;

namespace AlexNetMl.Inference.Serving.Protocol;

/// <summary>A model's metadata (REST GET /v2/models/{name}, gRPC ModelMetadata).</summary>
public sealed record ModelMetadataResponse(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("versions")] IReadOnlyList<string> Versions,
    [property: JsonPropertyName("platform")] string Platform,
    [property: JsonPropertyName("inputs")] IReadOnlyList<TensorMetadata> Inputs,
    [property: JsonPropertyName("outputs")] IReadOnlyList<TensorMetadata> Outputs);
