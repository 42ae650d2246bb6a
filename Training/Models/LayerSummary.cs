using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AlexNetMl.Training.Models;

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
