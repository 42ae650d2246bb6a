using System.Text.Json.Serialization;

namespace AlexNetMl.Inference.Serving.OpenInference;

/// <summary>
/// One output tensor of an infer response: <see cref="Data"/> row-major (numbers, or strings for BYTES), or absent
/// when the tensor follows the JSON as binary data, whose size <see cref="Parameters"/> then gives.
/// </summary>
public sealed record InferOutput(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("shape")] IReadOnlyList<long> Shape,
    [property: JsonPropertyName("datatype")] string Datatype,
    [property: JsonPropertyName("data"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] object? Data,
    [property: JsonPropertyName("parameters"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, long>? Parameters = null);
