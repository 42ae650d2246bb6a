namespace AlexNetMl.Pipeline.Data;

/// <summary>The ten Fashion-MNIST classes, in label order. Defined here once; everything else reads these.</summary>
public static class FashionMnistClasses
{
    /// <summary>Number of classes.</summary>
    public const int Count = 10;

    /// <summary>Channels of the dataset's images: grey.</summary>
    public const int Channels = 1;

    /// <summary>Side of the dataset's square images, in pixels.</summary>
    public const int ImageSide = 28;

    /// <summary>Pixels per image (28 × 28).</summary>
    public const int PixelsPerImage = ImageSide * ImageSide;

    /// <summary>Class names; index i is label i.</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
        "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
    ];
}
