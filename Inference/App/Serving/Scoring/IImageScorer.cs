namespace AlexNetMl.Inference.Serving.Scoring;

/// <summary>Scores a batch of model-ready images in one run; what <see cref="DynamicBatcher"/> merges requests for.</summary>
public interface IImageScorer
{
    /// <summary>Floats in one model-ready image (channels × height × width).</summary>
    int ImageSize { get; }

    /// <summary>Classes the model scores.</summary>
    int ClassCount { get; }

    /// <summary>Scores <paramref name="count"/> images laid end to end in <paramref name="images"/>.</summary>
    ScoredImages Score(float[] images, int count);
}
