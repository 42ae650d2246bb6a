using AlexNetMl.Pipeline.Data;
using AlexNetMl.Pipeline.DataView;
using Microsoft.ML.Data;

namespace AlexNetMl.Pipeline.Transforms;

/// <summary>Output row of the 28×28 mapping: the dataset image as the model input [1, 28, 28].</summary>
public sealed class ModelInput28
{
    /// <summary>Side of the output.</summary>
    public const int Side = FashionMnistImage.Side;

    /// <summary>The grey levels times 1/255.</summary>
    [ColumnName(FashionMnistColumns.Image)]
    [VectorType(1, Side, Side)]
    public float[] Image { get; set; } = [];
}

// One registered factory per saved configuration. ML.NET saves a CustomMapping transform as its contract name and, on
// mlContext.Model.Load, asks the component catalog for the factory with that name. The ".v1" suffix versions the
// mapping: a change to what it computes gets a new contract name, and old model.zip files keep loading the old one.
// Both scale by 1/255, the pixel scale of every model this project exports; a model declaring another scale gets an
// extra ML.NET Expression step (UpsampleImagesEstimator), which costs about 1.5 ms a row, so the common case avoids it.
