using AlexNetMl.Pipeline.DataView;
using Microsoft.ML.Data;

namespace AlexNetMl.Pipeline.Transforms;

/// <summary>Output row of the 224×224 mapping: the model input [1, 224, 224].</summary>
public sealed class UpsampledImage224
{
    /// <summary>Side of the output.</summary>
    public const int Side = 224;

    /// <summary>Upsampled image times 1/255, shaped like the model's input without the batch dimension.</summary>
    [ColumnName(FashionMnistColumns.Image)]
    [VectorType(1, Side, Side)]
    public float[] Image { get; set; } = [];
}
