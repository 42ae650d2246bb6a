namespace AlexNetMl.Inference.Classification;

/// <summary>The classifier's answer for one image.</summary>
/// <param name="ClassIndex">The predicted class.</param>
/// <param name="ClassName">Its name.</param>
/// <param name="Probabilities">All ten probabilities, in class order.</param>
/// <param name="Top3">The three most probable classes, most probable first.</param>
public sealed record FashionPrediction(int ClassIndex, string ClassName, IReadOnlyList<float> Probabilities, IReadOnlyList<ClassProbability> Top3)
{
    /// <summary>The probability of the predicted class.</summary>
    public float Probability => Probabilities[ClassIndex];
}
