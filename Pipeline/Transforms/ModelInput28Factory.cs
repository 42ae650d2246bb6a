using AlexNetMl.Pipeline.Data;
using Microsoft.ML.Transforms;

namespace AlexNetMl.Pipeline.Transforms;

/// <summary>Factory of the saved 28×28 pass-through (models on the raw image, such as LeNet).</summary>
[CustomMappingFactoryAttribute(ContractName)]
public sealed class ModelInput28Factory : CustomMappingFactory<PixelsRow, ModelInput28>
{
    /// <summary>The contract name stored in model.zip.</summary>
    public const string ContractName = "AlexNetMl.UpsampleImages.None28.v1";

    /// <inheritdoc />
    public override Action<PixelsRow, ModelInput28> GetMapping() => (input, output) =>
    {
        output.Image = output.Image.Length == FashionMnistImage.Pixels ? output.Image : new float[FashionMnistImage.Pixels];
        ImageUpsampler.Scale(input.Pixels, output.Image, UpsampleMappings.RegisteredScale);
    };
}
