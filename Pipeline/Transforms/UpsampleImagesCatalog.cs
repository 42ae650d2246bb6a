using Microsoft.ML;

namespace AlexNetMl.Pipeline.Transforms;

/// <summary>Catalog extension: <c>mlContext.Transforms.UpsampleImages(...)</c>.</summary>
public static class UpsampleImagesCatalog
{
    /// <summary>Turns 28×28 grey images (a 784-byte vector column) into a model's input: resized and scaled as <paramref name="options"/> say.</summary>
    public static UpsampleImagesEstimator UpsampleImages(this TransformsCatalog catalog, UpsampleImagesOptions options) => new(catalog, options);
}
