namespace AlexNetMl.Inference.Serving.Protocol;

/// <summary>An output a request asks for, with its parameters (<c>classification</c>, <c>binary_data</c>).</summary>
public sealed record RequestedOutput(string Name, IReadOnlyDictionary<string, ParameterValue> Parameters);
