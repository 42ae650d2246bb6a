using System.Text.Json.Serialization;

namespace AlexNetMl.Inference.Serving.Protocol;

/// <summary>A tensor's name, datatype and shape (-1 for a variable dimension).</summary>
public sealed record TensorMetadata(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("datatype")] string Datatype,
    [property: JsonPropertyName("shape")] IReadOnlyList<long> Shape);
