namespace AlexNetMl.Contract.Model;

/// <summary>How a 28×28 dataset image is brought to the model's input size, in training and in every scorer.</summary>
public enum ResizeMethod
{
    /// <summary>The model takes 28×28 images as they are.</summary>
    None,

    /// <summary>Bilinear interpolation with half-pixel centres (PyTorch's align_corners=false, the book's Resize).</summary>
    Bilinear,
}
