namespace AlexNetMl.Pipeline.Data;

/// <summary>The ten Fashion-MNIST classes, in label order. Defined here once; everything else reads these.</summary>
public static class FashionMnistClasses
{
    /// <summary>Number of classes.</summary>
    public const int Count = 10;

    /// <summary>Class names; index i is label i.</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
        "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
    ];
}
