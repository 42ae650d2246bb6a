using System.Text.Json.Serialization;
using System.Text.Json;

namespace AlexNetMl.Inference.Serving.OpenInference;

/// <summary>One input tensor of an infer request: <see cref="Data"/> row-major, flat or nested, or its bytes after the JSON (<c>binary_data_size</c>).</summary>
public sealed record InferInput(
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("shape")] IReadOnlyList<long>? Shape,
    [property: JsonPropertyName("datatype")] string? Datatype,
    [property: JsonPropertyName("data")] JsonElement Data,
    [property: JsonPropertyName("parameters")] IReadOnlyDictionary<string, JsonElement>? Parameters = null);
