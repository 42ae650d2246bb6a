using AlexNetMl.Contract.Model;
using AlexNetMl.Pipeline.Data;
using AlexNetMl.Pipeline.DataView;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;

namespace AlexNetMl.Pipeline.Transforms;

/// <summary>Input row of the mappings: the 784 grey levels.</summary>
public sealed class PixelsRow
{
    /// <summary>28×28 grey levels, row-major.</summary>
    [ColumnName(FashionMnistColumns.Pixels)]
    [VectorType(FashionMnistClasses.PixelsPerImage)]
    public byte[] Pixels { get; set; } = [];
}

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

/// <summary>Output row of the 28×28 mapping: the dataset image as the model input [1, 28, 28].</summary>
public sealed class ModelInput28
{
    /// <summary>Side of the output.</summary>
    public const int Side = FashionMnistClasses.ImageSide;

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

/// <summary>Factory of the saved 224×224 bilinear upsampling (AlexNet's input), unchanged since model.zip files were first written.</summary>
[CustomMappingFactoryAttribute(ContractName)]
public sealed class UpsampleBilinear224Factory : CustomMappingFactory<PixelsRow, UpsampledImage224>
{
    /// <summary>The contract name stored in model.zip.</summary>
    public const string ContractName = "AlexNetMl.UpsampleImages.Bilinear224.v1";

    /// <inheritdoc />
    public override Action<PixelsRow, UpsampledImage224> GetMapping() => (input, output) =>
    {
        output.Image = output.Image.Length == UpsampledImage224.Side * UpsampledImage224.Side ? output.Image : new float[UpsampledImage224.Side * UpsampledImage224.Side];
        ImageUpsampler.Upsample(input.Pixels, output.Image, UpsampledImage224.Side, UpsampleMappings.RegisteredScale);
    };
}

/// <summary>Factory of the saved 28×28 pass-through (models on the raw image, such as LeNet).</summary>
[CustomMappingFactoryAttribute(ContractName)]
public sealed class ModelInput28Factory : CustomMappingFactory<PixelsRow, ModelInput28>
{
    /// <summary>The contract name stored in model.zip.</summary>
    public const string ContractName = "AlexNetMl.UpsampleImages.None28.v1";

    /// <inheritdoc />
    public override Action<PixelsRow, ModelInput28> GetMapping() => (input, output) =>
    {
        output.Image = output.Image.Length == FashionMnistClasses.PixelsPerImage ? output.Image : new float[FashionMnistClasses.PixelsPerImage];
        ImageUpsampler.Scale(input.Pixels, output.Image, UpsampleMappings.RegisteredScale);
    };
}

/// <summary>The registered mappings and how to pick one.</summary>
internal static class UpsampleMappings
{
    /// <summary>The scale the registered mappings apply: 1/255, as a float, exactly what training multiplies by.</summary>
    public const float RegisteredScale = (float)ModelContract.DefaultPixelScale;

    public static bool IsSupported(ResizeMethod resize, int side) =>
        (resize, side) is (ResizeMethod.Bilinear, UpsampledImage224.Side) or (ResizeMethod.None, ModelInput28.Side);

    public static string Describe() => $"{UpsampledImage224.Side}×{UpsampledImage224.Side} bilinear and {ModelInput28.Side}×{ModelInput28.Side} none";

    public static IEstimator<ITransformer> Create(TransformsCatalog catalog, ResizeMethod resize, int side) => (resize, side) switch
    {
        (ResizeMethod.Bilinear, UpsampledImage224.Side) => catalog.CustomMapping(new UpsampleBilinear224Factory().GetMapping(), UpsampleBilinear224Factory.ContractName),
        (ResizeMethod.None, ModelInput28.Side) => catalog.CustomMapping(new ModelInput28Factory().GetMapping(), ModelInput28Factory.ContractName),
        _ => throw new ArgumentException($"No registered mapping for {side}×{side} with resize {resize}."),
    };
}
