namespace AlexNetMl.Inference.Serving.Protocol;

/// <summary>The answer to an <see cref="InferenceCall"/>: the model and version that ran, the echoed id, the outputs asked for.</summary>
public sealed record InferenceOutcome(string ModelName, string ModelVersion, string? Id, IReadOnlyList<OutputTensor> Outputs);
