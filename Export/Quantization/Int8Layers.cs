namespace AlexNetMl.Export.Quantization;

/// <summary>Which layers of an int8 model are integer.</summary>
public enum Int8Layers
{
    /// <summary>The convolutions (<see cref="ConvQuantizer"/>) and the dense layers (<see cref="DenseQuantizer"/>).</summary>
    ConvolutionsAndDense,

    /// <summary>The dense layers only; the convolutions stay float.</summary>
    Dense,
}
