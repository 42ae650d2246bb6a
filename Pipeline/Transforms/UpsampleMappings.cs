using AlexNetMl.Contract.Model;
using Microsoft.ML;

namespace AlexNetMl.Pipeline.Transforms;

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
