using AlexNetMl.Pipeline.Data;
using AlexNetMl.Pipeline.DataView;
using Microsoft.ML.Data;

namespace AlexNetMl.Pipeline.Transforms;

/// <summary>Input row of the mappings: the 784 grey levels.</summary>
public sealed class PixelsRow
{
    /// <summary>28×28 grey levels, row-major.</summary>
    [ColumnName(FashionMnistColumns.Pixels)]
    [VectorType(FashionMnistImage.Pixels)]
    public byte[] Pixels { get; set; } = [];
}
