namespace AlexNetMl.Inference.Serving.Protocol;

/// <summary>
/// A request parameter's value as the protocol defines it: a bool, an int64 or a string (gRPC's <c>InferParameter</c>
/// oneof; a JSON true/false, integer or string). Any other JSON value is kept as written in <see cref="Unsupported"/>,
/// to be refused by name.
/// </summary>
public readonly record struct ParameterValue(bool? BoolValue = null, long? IntValue = null, string? StringValue = null, string? Unsupported = null)
{
    /// <summary>The value as written, for error messages.</summary>
    public override string ToString() =>
        BoolValue?.ToString().ToLowerInvariant() ?? IntValue?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? (StringValue is null ? Unsupported ?? "null" : $"\"{StringValue}\"");
}
