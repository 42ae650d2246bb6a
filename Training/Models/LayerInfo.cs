using TorchSharp.Modules;

namespace AlexNetMl.Training.Models;

/// <summary>One row of the layer table: the book's output shape, plus parameters and multiply-adds.</summary>
/// <param name="Name">Layer name.</param>
/// <param name="Kind">Module type (Conv2d, ReLU, ...).</param>
/// <param name="OutputShape">Output shape for one input image, batch dimension left out.</param>
/// <param name="Parameters">Number of trainable parameters.</param>
/// <param name="MultiplyAdds">Multiply-accumulate operations of the forward pass for one image.</param>
public sealed record LayerInfo(string Name, string Kind, long[] OutputShape, long Parameters, long MultiplyAdds)
{
    /// <summary>Parameter memory in bytes at fp32.</summary>
    public long ParameterBytes => Parameters * sizeof(float);

    /// <summary>Whether this is a convolution.</summary>
    public bool IsConvolution => Kind == nameof(Conv2d);

    /// <summary>Whether this is a dense (fully connected) layer.</summary>
    public bool IsDense => Kind == nameof(Linear);
}
