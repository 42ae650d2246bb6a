using Microsoft.ML.Transforms;

namespace AlexNetMl.Pipeline.Transforms;

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
