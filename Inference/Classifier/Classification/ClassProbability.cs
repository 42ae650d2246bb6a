namespace AlexNetMl.Inference.Classification;

/// <summary>One class and its probability.</summary>
/// <param name="Index">Class index (0–9).</param>
/// <param name="Name">Class name, from the model's metadata.</param>
/// <param name="Probability">Softmax probability.</param>
public sealed record ClassProbability(int Index, string Name, float Probability);
