using System.Text.Json.Serialization;

namespace AlexNetMl.Inference.Serving.OpenInference;

// The REST messages of the Open Inference Protocol (KServe v2), as NVIDIA Triton and KServe define them: the subset
// this service speaks (metadata and infer with JSON tensors).

/// <summary>A tensor's name, datatype and shape (-1 for a variable dimension).</summary>
public sealed record TensorMetadata(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("datatype")] string Datatype,
    [property: JsonPropertyName("shape")] IReadOnlyList<long> Shape);
