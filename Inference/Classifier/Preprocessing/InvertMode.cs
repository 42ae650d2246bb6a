namespace AlexNetMl.Inference.Preprocessing;

/// <summary>Whether to invert grey levels before classifying (Fashion-MNIST items are light on black).</summary>
public enum InvertMode
{
    /// <summary>Invert when the image's border is mostly light (a photo on a white background).</summary>
    Auto,

    /// <summary>Always invert.</summary>
    Yes,

    /// <summary>Never invert.</summary>
    No,
}
