using TorchSharp.Modules;
using static TorchSharp.torch;

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

/// <summary>Totals of a layer table, split into convolutions and dense layers.</summary>
/// <param name="Parameters">All parameters.</param>
/// <param name="ParameterBytes">Their memory at fp32.</param>
/// <param name="DenseBytes">The dense layers' parameter memory.</param>
/// <param name="ConvolutionBytes">The convolutions' parameter memory.</param>
/// <param name="MultiplyAdds">All multiply-adds per image.</param>
/// <param name="ConvolutionMultiplyAdds">The convolutions' multiply-adds per image.</param>
/// <param name="DenseMultiplyAdds">The dense layers' multiply-adds per image.</param>
public sealed record LayerTotals(long Parameters, long ParameterBytes, long DenseBytes, long ConvolutionBytes, long MultiplyAdds, long ConvolutionMultiplyAdds, long DenseMultiplyAdds)
{
    /// <summary>The dense layers' share of the parameters.</summary>
    public double DenseParameterShare => (double)DenseBytes / ParameterBytes;

    /// <summary>The convolutions' share of the multiply-adds.</summary>
    public double ConvolutionMacShare => (double)ConvolutionMultiplyAdds / MultiplyAdds;
}

/// <summary>Computes the book's <c>layer_summary</c> by running one input through each layer.</summary>
public static class LayerSummary
{
    /// <summary>The layer table of <paramref name="model"/> for one input of the size it takes.</summary>
    public static IReadOnlyList<LayerInfo> Compute(FashionModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        int side = model.InputSide;
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        bool wasTraining = model.training;
        model.eval();
        var rows = new List<LayerInfo>();
        Tensor x = zeros(1, ModelCatalog.Get(model.Kind).Contract.InputChannels, side, side);
        foreach ((string name, nn.Module<Tensor, Tensor> layer) in model.Layers)
        {
            long[] inputShape = x.shape;
            x = layer.forward(x);
            long parameters = layer.parameters().Sum(p => p.numel());
            rows.Add(new LayerInfo(name, layer.GetType().Name, x.shape[1..], parameters, MultiplyAdds(layer, inputShape, x.shape)));
        }

        model.train(wasTraining);
        return rows;
    }

    /// <summary>Training FLOPs per image: forward, input gradients and weight gradients, 2 FLOPs per multiply-add each.</summary>
    /// <remarks>
    /// The first convolution needs no input gradient (its input is data), so it counts two passes, not three.
    /// </remarks>
    public static double TrainingFlopsPerImage(IReadOnlyList<LayerInfo> layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        double flops = 0;
        bool first = true;
        foreach (LayerInfo layer in layers.Where(l => l.MultiplyAdds > 0))
        {
            flops += 2.0 * layer.MultiplyAdds * (first ? 2 : 3);
            first = false;
        }

        return flops;
    }

    /// <summary>The totals of <paramref name="layers"/>, by kind.</summary>
    public static LayerTotals Totals(IReadOnlyList<LayerInfo> layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        return new LayerTotals(
            layers.Sum(l => l.Parameters),
            layers.Sum(l => l.ParameterBytes),
            layers.Where(l => l.IsDense).Sum(l => l.ParameterBytes),
            layers.Where(l => l.IsConvolution).Sum(l => l.ParameterBytes),
            layers.Sum(l => l.MultiplyAdds),
            layers.Where(l => l.IsConvolution).Sum(l => l.MultiplyAdds),
            layers.Where(l => l.IsDense).Sum(l => l.MultiplyAdds));
    }

    /// <summary>Forward FLOPs per image (2 per multiply-add).</summary>
    public static double ForwardFlopsPerImage(IReadOnlyList<LayerInfo> layers) => 2.0 * layers.Sum(l => l.MultiplyAdds);

    private static long MultiplyAdds(nn.Module<Tensor, Tensor> layer, long[] inputShape, long[] outputShape) => layer switch
    {
        // Each output element of a convolution sums (in_channels / groups) × kh × kw products.
        Conv2d conv => outputShape[1] * outputShape[2] * outputShape[3] * (inputShape[1] / conv.groups) * conv.kernel_size.Aggregate(1L, (a, b) => a * b),
        Linear linear => linear.in_features * linear.out_features,
        _ => 0,
    };
}
