using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AlexNetMl.Training.Models;

/// <summary>
/// Channels-last (NHWC) storage for a model's convolutions: the NCHW shape over NHWC memory, which PyTorch's
/// <c>model.to(memory_format=torch.channels_last)</c> gives and TorchSharp 0.107 has no call for. oneDNN then runs its
/// NHWC convolution kernels, and the activations flowing from them stay NHWC.
/// </summary>
public static class ChannelsLast
{
    /// <summary>
    /// The AppContext switch that keeps the bf16 working copy's convolutions contiguous (NCHW), as they were before
    /// channels-last was measured faster: for the bench's side-by-side rows, and a way back should a machine's oneDNN
    /// disagree.
    /// </summary>
    public const string ContiguousSwitch = "AlexNetMl.Training.ContiguousConvolutions";

    /// <summary>Whether <see cref="ContiguousSwitch"/> is set in this process.</summary>
    public static bool KeepContiguous => AppContext.TryGetSwitch(ContiguousSwitch, out bool set) && set;

    /// <summary>Stores every convolution weight of <paramref name="model"/> channels-last; returns the model.</summary>
    /// <remarks>
    /// Only for a model that is not checkpointed or exported as it is: TorchSharp 0.107 writes a tensor's bytes only
    /// when it is contiguous. The trainer gives it the bf16 working copy, whose weights are copied from the contiguous
    /// fp32 master every step.
    /// </remarks>
    public static FashionModel Convolutions(FashionModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        using var _ = no_grad();
        foreach (Conv2d convolution in model.modules().OfType<Conv2d>())
        {
            Tensor weight = convolution.weight!;
            convolution.weight = new Parameter(weight.permute(0, 2, 3, 1).contiguous().permute(0, 3, 1, 2), requires_grad: true);
        }

        return model;
    }

    /// <summary>Whether <paramref name="weight"/> (a 4-d convolution weight) is stored channels-last.</summary>
    /// <remarks>The stride of a dimension of size 1 is never used, so it is not compared: a 1-channel weight is both.</remarks>
    public static bool IsChannelsLast(Tensor weight)
    {
        ArgumentNullException.ThrowIfNull(weight);
        long[] shape = weight.shape;
        if (shape.Length != 4)
        {
            return false;
        }

        long[] strides = weight.stride();
        long[] expected = [shape[1] * shape[2] * shape[3], 1, shape[3] * shape[1], shape[1]];
        return Enumerable.Range(0, 4).All(d => shape[d] == 1 || strides[d] == expected[d]);
    }
}
