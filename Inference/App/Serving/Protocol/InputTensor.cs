namespace AlexNetMl.Inference.Serving.Protocol;

/// <summary>An input tensor of an infer request, whichever protocol brought it.</summary>
public sealed record InputTensor(string Name, string Datatype, IReadOnlyList<long> Shape, TensorData Data, IReadOnlyDictionary<string, ParameterValue> Parameters);
