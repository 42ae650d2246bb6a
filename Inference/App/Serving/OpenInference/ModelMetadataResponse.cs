using System.Text.Json.Serialization;

namespace AlexNetMl.Inference.Serving.OpenInference;

// The REST messages of the Open Inference Protocol (KServe v2), as NVIDIA Triton and KServe define them: the subset
// this service speaks (metadata and infer with JSON tensors).

/// <summary>GET /v2/models/{name}.</summary>
public sealed record ModelMetadataResponse(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("versions")] IReadOnlyList<string> Versions,
    [property: JsonPropertyName("platform")] string Platform,
    [property: JsonPropertyName("inputs")] IReadOnlyList<TensorMetadata> Inputs,
    [property: JsonPropertyName("outputs")] IReadOnlyList<TensorMetadata> Outputs);
