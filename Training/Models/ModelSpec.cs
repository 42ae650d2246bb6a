using AlexNetMl.Contract.Model;
using AlexNetMl.Contract.Settings;
using AlexNetMl.Pipeline.Data;

namespace AlexNetMl.Training.Models;

/// <summary>What the rest of the program needs to know about a member of the family, without building it.</summary>
/// <param name="Kind">The member.</param>
/// <param name="InputSide">Side of the square input it is sized for.</param>
/// <param name="Resize">How a 28×28 dataset image reaches <paramref name="InputSide"/>.</param>
/// <param name="Summary">One line for <c>--help</c> and reports.</param>
public sealed record ModelSpec(ModelKind Kind, int InputSide, ResizeMethod Resize, string Summary)
{
    /// <summary>The <c>--model</c> spelling.</summary>
    public string Name => SettingNames.Of(Kind);

    /// <summary>What the exported model promises: Fashion-MNIST's classes, this input size and resize, the default names and scale.</summary>
    public ModelContract Contract => new()
    {
        Architecture = Name,
        InputHeight = InputSide,
        InputWidth = InputSide,
        Resize = Resize,
        ClassNames = FashionMnistClasses.Names,
    };
}
