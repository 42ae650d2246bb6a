using AlexNetMl.Contract.Model;
using AlexNetMl.Pipeline.Data;

namespace AlexNetMl.Pipeline.Transforms;

/// <summary>Options of the transform that turns 28×28 grey levels into a model's input. Validates itself.</summary>
public sealed class UpsampleImagesOptions
{
    /// <summary>Column of 784 bytes (28×28 grey levels) to read.</summary>
    public string InputColumnName { get; set; } = DataView.FashionMnistColumns.Pixels;

    /// <summary>Side of the square model input, in pixels: 224 with bilinear resizing, or 28 with none.</summary>
    public int Side { get; set; }

    /// <summary>How the 28×28 image reaches <see cref="Side"/>.</summary>
    public ResizeMethod Resize { get; set; } = ResizeMethod.Bilinear;

    /// <summary>Factor from grey level to model input.</summary>
    public double PixelScale { get; set; } = ModelContract.DefaultPixelScale;

    /// <summary>The options that feed a model keeping <paramref name="contract"/>.</summary>
    public static UpsampleImagesOptions For(ModelContract contract)
    {
        ArgumentNullException.ThrowIfNull(contract);
        if (contract.InputChannels != FashionMnistImage.Channels)
        {
            throw new ModelContractException($"The pipeline feeds grey images; the model takes {contract.InputChannels} channels.");
        }

        if (contract.InputHeight != contract.InputWidth)
        {
            throw new ModelContractException($"The pipeline feeds square inputs; the model takes {contract.InputHeight}×{contract.InputWidth}.");
        }

        return new UpsampleImagesOptions { Side = contract.InputHeight, Resize = contract.Resize, PixelScale = contract.PixelScale };
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(InputColumnName))
        {
            throw new ArgumentException("InputColumnName must not be empty.");
        }

        if (!Enum.IsDefined(Resize))
        {
            throw new ArgumentException($"Unknown resize method {Resize}.");
        }

        if (!UpsampleMappings.IsSupported(Resize, Side))
        {
            throw new ArgumentException(
                $"A {Side}×{Side} input with resize '{Contract.Settings.SettingNames.Of(Resize)}' is not supported: ML.NET saves a mapping with a fixed " +
                $"output size, and the registered ones are {UpsampleMappings.Describe()} (from {FashionMnistImage.Side}×{FashionMnistImage.Side}).");
        }

        if (!double.IsFinite(PixelScale) || PixelScale <= 0)
        {
            throw new ArgumentException($"PixelScale must be a positive number (got {PixelScale}).");
        }
    }
}
