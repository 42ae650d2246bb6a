using AlexNetMl.Training.Models;
using static TorchSharp.torch;

namespace AlexNetMl.Training.Fitting;

/// <summary>
/// An exponential moving average of a model's weights (<c>--ema</c>), kept in a second model of the same architecture:
/// after each step, <c>average ← decay · average + (1 − decay) · weights</c>, as PyTorch's
/// <c>AveragedModel(model, multi_avg_fn=get_ema_multi_avg_fn(decay))</c> does (TorchSharp 0.107 has no swa_utils).
/// </summary>
/// <remarks>
/// The decay is set by the span rather than given: a run's length is planned and re-planned from the machine, so a fixed
/// decay would average over a different share of each run. <see cref="DecayAt"/> averages over about
/// <c>span × total steps</c> steps, and less early on (<c>(1 + n) / (10 + n)</c> after n updates, as timm's ModelEmaV2
/// warms up), so the first random weights fade within a few steps instead of dragging the average for hundreds.
/// </remarks>
public sealed class WeightAverage : IDisposable
{
    private readonly Tensor[] _weights;
    private readonly Tensor[] _averages;
    private readonly Tensor[] _sourceBuffers;
    private readonly Tensor[] _averageBuffers;
    private readonly double _span;

    /// <summary>Starts an average of <paramref name="source"/>'s weights in <paramref name="average"/> (built like it), spanning <paramref name="span"/> of the run.</summary>
    public WeightAverage(FashionModel source, FashionModel average, double span)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(average);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(span);
        _span = span;
        Model = average;
        _weights = [.. source.parameters()];
        _averages = [.. average.parameters()];
        _sourceBuffers = [.. source.buffers()];
        _averageBuffers = [.. average.buffers()];
        if (_weights.Length != _averages.Length || _sourceBuffers.Length != _averageBuffers.Length)
        {
            throw new ArgumentException($"The average's model has {_averages.Length} parameters, the source {_weights.Length}: build it like the source.", nameof(average));
        }

        Model.eval();
        using var _ = no_grad();
        Copy(_weights, _averages);
        Copy(_sourceBuffers, _averageBuffers);
    }

    /// <summary>The averaged weights, in eval mode: what a run with an average validates and exports.</summary>
    public FashionModel Model { get; }

    /// <summary>The decay of the update after <paramref name="updates"/> earlier ones, in a run of <paramref name="totalSteps"/> steps.</summary>
    public static double DecayAt(long updates, long totalSteps, double span)
    {
        double steady = 1 - (1 / Math.Max(1, span * totalSteps));
        double warming = (1.0 + updates) / (10.0 + updates);
        return Math.Min(steady, warming);
    }

    /// <summary>Folds the source's current weights into the average: the update after step <paramref name="step"/> (0-based) of <paramref name="totalSteps"/>.</summary>
    public void Update(long step, long totalSteps)
    {
        // The run's step index is the update count, so a resumed run continues with exactly the decays it would have had.
        double decay = DecayAt(step, totalSteps, _span);
        using var _ = no_grad();
        // A 0-d tensor, as TorchSharp's lerp_ takes no Scalar weight; disposed only after the last native call.
        using Tensor weight = tensor((float)(1 - decay), device: _averages[0].device);
        for (int i = 0; i < _weights.Length; i++)
        {
            _averages[i].lerp_(_weights[i], weight);
        }

        // Buffers (running statistics, counters) are not weights: the average takes them as they are, as AveragedModel
        // does without use_buffers.
        Copy(_sourceBuffers, _averageBuffers);
    }

    public void Dispose() => Model.Dispose();

    private static void Copy(Tensor[] from, Tensor[] to)
    {
        for (int i = 0; i < from.Length; i++)
        {
            to[i].copy_(from[i]);
        }
    }
}
