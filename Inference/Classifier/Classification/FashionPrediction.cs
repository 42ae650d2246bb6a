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

    /// <summary>
    /// The prediction for one image's <paramref name="probabilities"/> (one per class, in class order): the most probable
    /// class, ties going to the lower index.
    /// </summary>
    public static FashionPrediction Of(IReadOnlyList<float> probabilities, IReadOnlyList<string> classNames)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        ArgumentNullException.ThrowIfNull(classNames);
        if (probabilities.Count != classNames.Count)
        {
            throw new ArgumentException($"{probabilities.Count} probabilities for {classNames.Count} classes.", nameof(probabilities));
        }

        ClassProbability[] ranked = probabilities
            .Select((p, i) => new ClassProbability(i, classNames[i], p))
            .OrderByDescending(c => c.Probability)
            .ThenBy(c => c.Index)
            .ToArray();
        return new FashionPrediction(ranked[0].Index, ranked[0].Name, [.. probabilities], ranked[..Math.Min(TopCount, ranked.Length)]);
    }
}
