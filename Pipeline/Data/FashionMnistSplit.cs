namespace AlexNetMl.Pipeline.Data;

/// <summary>Which half of Fashion-MNIST to read.</summary>
public enum FashionMnistSplit
{
    /// <summary>The 60,000 training images (train-*).</summary>
    Train,

    /// <summary>The 10,000 test images (t10k-*), used as the validation set.</summary>
    Test,
}
