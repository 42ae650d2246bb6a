namespace AlexNetMl.Pipeline.Data;

/// <summary>The geometry of a Fashion-MNIST image, as the dataset stores it. Defined here once; everything else reads these.</summary>
public static class FashionMnistImage
{
    /// <summary>Channels of the dataset's images: grey.</summary>
    public const int Channels = 1;

    /// <summary>Side of the dataset's square images, in pixels.</summary>
    public const int Side = 28;

    /// <summary>Pixels per image (28 × 28).</summary>
    public const int Pixels = Side * Side;
}
