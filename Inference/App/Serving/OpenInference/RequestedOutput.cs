using System.Text.Json.Serialization;
using System.Text.Json;

namespace AlexNetMl.Inference.Serving.OpenInference;

/// <summary>An output the client asks for.</summary>
public sealed record RequestedOutput(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("parameters")] IReadOnlyDictionary<string, JsonElement>? Parameters = null);
