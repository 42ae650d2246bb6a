using AlexNetMl.Contract.Model;

namespace AlexNetMl.Pipeline.DataView;

/// <summary>Column names of the Fashion-MNIST data view and of the pipeline built on it.</summary>
public static class FashionMnistColumns
{
    /// <summary>The label: a key of cardinality 10 whose key values are the class names.</summary>
    public const string Label = "Label";

    /// <summary>The 784 raw grey levels of the 28×28 image, row-major, as bytes.</summary>
    public const string Pixels = "Pixels";

    /// <summary>The prepared model input (float vector [1, H, W]); a model with another input name gets a copy under its name.</summary>
    public const string Image = ModelContract.DefaultInputName;

    /// <summary>The model's softmax output as ML.NET's Score; a model with another output name is copied to it for evaluation.</summary>
    public const string Probabilities = ModelContract.DefaultProbabilitiesName;

    /// <summary>The arg-max of <see cref="Probabilities"/> as a key (evaluation only).</summary>
    public const string PredictedLabel = "PredictedLabel";
}
