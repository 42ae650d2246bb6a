namespace AlexNetMl.Inference.Classification;

/// <summary>The classifier's answer for one image.</summary>
/// <param name="ClassIndex">The predicted class.</param>
/// <param name="ClassName">Its name.</param>
/// <param name="Probabilities">One probability per class of the model, in class order.</param>
/// <param name="Top3">The <see cref="TopCount"/> most probable classes (all of them, for a model with fewer), most probable first.</param>
public sealed record FashionPrediction(int ClassIndex, string ClassName, IReadOnlyList<float> Probabilities, IReadOnlyList<ClassProbability> Top3)
{
    /// <summary>How many classes <see cref="Top3"/> lists.</summary>
    public const int TopCount = 3;

    /// <summary>The probability of the predicted class.</summary>
    public float Probability => Probabilities[ClassIndex];
}
