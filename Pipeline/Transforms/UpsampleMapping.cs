using AlexNetMl.Pipeline.Data;
using AlexNetMl.Pipeline.DataView;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;

namespace AlexNetMl.Pipeline.Transforms;

/// <summary>Input row of the upsampling mapping: the 784 grey levels.</summary>
public sealed class PixelsRow
{
    /// <summary>28×28 grey levels, row-major.</summary>
    [ColumnName(FashionMnistColumns.Pixels)]
    [VectorType(FashionMnistClasses.PixelsPerImage)]
    public byte[] Pixels { get; set; } = [];
}

/// <summary>Output row of the upsampling mapping: the model input [1, 224, 224].</summary>
public sealed class UpsampledImage224
{
    /// <summary>Upsampled image scaled to [0,1], shaped like the model's input without the batch dimension.</summary>
    [ColumnName(FashionMnistColumns.Image)]
    [VectorType(1, 224, 224)]
    public float[] Image { get; set; } = [];

    internal static void Map(PixelsRow input, UpsampledImage224 output, UpsampleResampler resampler)
    {
        const int Side = 224;
        if (output.Image.Length != Side * Side)
        {
            output.Image = new float[Side * Side];
        }

        ImageUpsampler.Upsample(input.Pixels, output.Image, Side, resampler);
    }
}

// One registered factory per saved configuration. ML.NET saves a CustomMapping transform as its contract name and, on
// mlContext.Model.Load, asks the component catalog for the factory with that name. The ".v1" suffix versions the
// mapping: a change to what it computes gets a new contract name, and old model.zip files keep loading the old one.

/// <summary>Factory of the saved 224×224 bilinear upsampling (the training configuration).</summary>
[CustomMappingFactoryAttribute(ContractName)]
public sealed class UpsampleBilinear224Factory : CustomMappingFactory<PixelsRow, UpsampledImage224>
{
    /// <summary>The contract name stored in model.zip.</summary>
    public const string ContractName = "AlexNetMl.UpsampleImages.Bilinear224.v1";

    /// <inheritdoc />
    public override Action<PixelsRow, UpsampledImage224> GetMapping() => (input, output) => UpsampledImage224.Map(input, output, UpsampleResampler.Bilinear);
}

/// <summary>Factory of the saved 224×224 bicubic upsampling.</summary>
[CustomMappingFactoryAttribute(ContractName)]
public sealed class UpsampleBicubic224Factory : CustomMappingFactory<PixelsRow, UpsampledImage224>
{
    /// <summary>The contract name stored in model.zip.</summary>
    public const string ContractName = "AlexNetMl.UpsampleImages.Bicubic224.v1";

    /// <inheritdoc />
    public override Action<PixelsRow, UpsampledImage224> GetMapping() => (input, output) => UpsampledImage224.Map(input, output, UpsampleResampler.Bicubic);
}

/// <summary>Factory of the saved 224×224 nearest-neighbour upsampling.</summary>
[CustomMappingFactoryAttribute(ContractName)]
public sealed class UpsampleNearest224Factory : CustomMappingFactory<PixelsRow, UpsampledImage224>
{
    /// <summary>The contract name stored in model.zip.</summary>
    public const string ContractName = "AlexNetMl.UpsampleImages.NearestNeighbor224.v1";

    /// <inheritdoc />
    public override Action<PixelsRow, UpsampledImage224> GetMapping() => (input, output) => UpsampledImage224.Map(input, output, UpsampleResampler.NearestNeighbor);
}
