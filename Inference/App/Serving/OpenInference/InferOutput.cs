using System.Text.Json.Serialization;

namespace AlexNetMl.Inference.Serving.OpenInference;

/// <summary>One output tensor of an infer response, row-major.</summary>
public sealed record InferOutput(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("shape")] IReadOnlyList<long> Shape,
    [property: JsonPropertyName("datatype")] string Datatype,
    [property: JsonPropertyName("data")] IReadOnlyList<float> Data);
