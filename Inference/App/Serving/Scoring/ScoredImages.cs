namespace AlexNetMl.Inference.Serving.Scoring;

/// <summary>The model's two outputs for a batch of images, row-major: one row of <paramref name="Classes"/> values per image.</summary>
/// <param name="Count">Images scored.</param>
/// <param name="Classes">Values per image in each output.</param>
/// <param name="Logits">The scores before the softmax.</param>
/// <param name="Probabilities">The softmax of <paramref name="Logits"/>.</param>
public sealed record ScoredImages(int Count, int Classes, float[] Logits, float[] Probabilities)
{
    /// <summary>Images <paramref name="start"/> to <paramref name="start"/> + <paramref name="count"/> of this batch.</summary>
    public ScoredImages Slice(int start, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(start + count, Count, nameof(count));
        Range rows = (start * Classes)..((start + count) * Classes);
        return new ScoredImages(count, Classes, Logits[rows], Probabilities[rows]);
    }
}
