namespace AlexNetMl.Inference.Serving.Protocol;

/// <summary>
/// An infer request in the protocol's own terms, as REST (JSON or binary) and gRPC both carry it; <see cref="ModelEndpoint"/>
/// checks and answers it the same way whichever way it came.
/// </summary>
/// <param name="ModelName">The model asked for.</param>
/// <param name="Version">Its version, or null for the server's choice.</param>
/// <param name="Id">The client's request id, echoed in the answer.</param>
/// <param name="Inputs">The input tensors.</param>
/// <param name="Outputs">The outputs asked for; empty means all.</param>
/// <param name="Parameters">The request's parameters.</param>
public sealed record InferenceCall(
    string ModelName,
    string? Version,
    string? Id,
    IReadOnlyList<InputTensor> Inputs,
    IReadOnlyList<RequestedOutput> Outputs,
    IReadOnlyDictionary<string, ParameterValue> Parameters);
