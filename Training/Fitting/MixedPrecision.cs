using AlexNetMl.Training.Models;
using TorchSharp.Modules;
using TorchSharp;
using static TorchSharp.torch;

namespace AlexNetMl.Training.Fitting;

/// <summary>
/// bfloat16 mixed precision without autocast (TorchSharp 0.107 has none): a bf16 working copy of the model runs forward
/// and backward, while the fp32 master weights, the loss and the optimizer step stay in fp32.
/// </summary>
/// <remarks>
/// Each step copies the master weights into the working copy (rounding to bf16), and after backward copies the bf16
/// gradients into the master parameters' fp32 gradients. Keeping the master in fp32 is what lets small updates
/// (lr × grad far below bf16's 8-bit mantissa resolution) accumulate instead of rounding away.
/// </remarks>
public sealed class MixedPrecision : IDisposable
{
    private readonly Parameter[] _master;
    private readonly Parameter[] _working;
    private readonly FashionModel _workingModel;
    private readonly double _labelSmoothing;

    /// <summary>Creates the bf16 working copy of <paramref name="master"/>, built by <paramref name="createModel"/> (the same architecture).</summary>
    public MixedPrecision(FashionModel master, Func<FashionModel> createModel, double labelSmoothing, Device device)
    {
        ArgumentNullException.ThrowIfNull(master);
        ArgumentNullException.ThrowIfNull(createModel);
        _labelSmoothing = labelSmoothing;
        // Channels-last convolutions: side by side with contiguous ones they trained faster with the same losses
        // (docs/benchmarks.md, training step options, which names the CPU); ChannelsLast.ContiguousSwitch keeps them NCHW.
        FashionModel working = createModel();
        _workingModel = (ChannelsLast.KeepContiguous ? working : ChannelsLast.Convolutions(working)).to(ScalarType.BFloat16).to(device);
        _master = master.parameters().ToArray();
        _working = _workingModel.parameters().ToArray();
    }

    /// <summary>The bf16 working copy that runs forward and backward.</summary>
    internal FashionModel WorkingModel => _workingModel;

    /// <summary>Runs forward and backward in bf16 and leaves fp32 gradients on the master parameters; returns the fp32 loss.</summary>
    public Tensor ForwardBackward(Tensor images, Tensor labels)
    {
        ArgumentNullException.ThrowIfNull(images);
        using (no_grad())
        {
            for (int i = 0; i < _master.Length; i++)
            {
                _working[i].copy_(_master[i]);
            }
        }

        _workingModel.train();
        _workingModel.zero_grad();
        Tensor logits = _workingModel.forward(images.to(ScalarType.BFloat16));
        Tensor loss = nn.functional.cross_entropy(logits.to(ScalarType.Float32), labels, label_smoothing: _labelSmoothing);
        loss.backward();
        using (no_grad())
        {
            for (int i = 0; i < _master.Length; i++)
            {
                Tensor? grad = _working[i].grad;
                if (grad is not null)
                {
                    if (_master[i].grad is null)
                    {
                        // Contiguous whatever the working copy's layout (a channels-last convolution's gradient is
                        // NHWC): the optimizer's momentum buffers are cloned from it, and TorchSharp 0.107 saves only
                        // contiguous tensors in a checkpoint. A no-op for a contiguous gradient.
                        _master[i].grad = grad.to(ScalarType.Float32).contiguous();
                    }
                    else
                    {
                        _master[i].grad!.copy_(grad);
                    }
                }
            }
        }

        return loss;
    }

    public void Dispose() => _workingModel.Dispose();
}
