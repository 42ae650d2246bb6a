namespace AlexNetMl.Pipeline.DataView;

/// <summary>Column names of the Fashion-MNIST data view and of the pipeline built on it.</summary>
public static class FashionMnistColumns
{
    /// <summary>The label: a key of cardinality 10 whose key values are the class names.</summary>
    public const string Label = "Label";

    /// <summary>The 784 raw grey levels of the 28×28 image, row-major, as bytes.</summary>
    public const string Pixels = "Pixels";

    /// <summary>The upsampled model input (float vector [1, H, W], values in [0,1]).</summary>
    public const string Image = "image";

    /// <summary>The model's softmax output, used as ML.NET's Score.</summary>
    public const string Probabilities = "probabilities";

    /// <summary>The arg-max of <see cref="Probabilities"/> as a key (evaluation only).</summary>
    public const string PredictedLabel = "PredictedLabel";
}
