using AlexNetMl.Contract.Settings;
using AlexNetMl.Export.Libtorch;
using TorchSharp;
using static TorchSharp.torch;

namespace AlexNetMl.Tests.Build;

[TestClass]
public sealed class TorchSmokeTests
{
    [TestMethod]
    public void Torch_LoadsAndRunsAConvolutionForwardAndBackward()
    {
        TorchRuntime.EnsureAvailable();
        using var scope = NewDisposeScope();
        random.manual_seed(1);
        // LeNet's second convolution (6 → 16 channels, 5×5) on a batch of 14×14 maps: a layer that back-propagates
        // into the layer before it, so both gradients matter. The known answer is the same computation in float64,
        // which libtorch runs through its reference kernels, not oneDNN's.
        // (Not the 1-channel first layer: libtorch 2.10's float32 input gradient of a stride-1 convolution with fewer
        // than 16 output channels is 13-32 % off, sometimes non-finite, on AMD Zen 5 with or without the AVX2 cap.
        // No model of ours needs that gradient: its only such layers take the image, which needs no gradient.)
        Tensor input64 = randn(4, 6, 14, 14, dtype: float64);
        Tensor weight64 = randn(16, 6, 5, 5, dtype: float64) * 0.1;
        Tensor outputGrad64 = randn(4, 16, 10, 10, dtype: float64);
        (Tensor output32, Tensor inputGrad32, Tensor weightGrad32) = ConvolveAndBackward(input64.to(float32), weight64.to(float32), outputGrad64.to(float32));
        (Tensor output64, Tensor inputGrad64, Tensor weightGrad64) = ConvolveAndBackward(input64, weight64, outputGrad64);

        CollectionAssert.AreEqual(new long[] { 4, 16, 10, 10 }, output32.shape);
        Assert.IsLessThan(1e-5, RelativeError(output32, output64), "forward");
        Assert.IsLessThan(1e-5, RelativeError(inputGrad32, inputGrad64), "input gradient");
        Assert.IsLessThan(1e-5, RelativeError(weightGrad32, weightGrad64), "weight gradient");
    }

    private static (Tensor Output, Tensor InputGrad, Tensor WeightGrad) ConvolveAndBackward(Tensor input, Tensor weight, Tensor outputGrad)
    {
        Tensor x = input.detach().requires_grad_(true), w = weight.detach().requires_grad_(true);
        Tensor output = nn.functional.conv2d(x, w);
        (output * outputGrad).sum().backward();
        return (output.detach(), x.grad!, w.grad!);
    }

    private static double RelativeError(Tensor actual, Tensor expected) =>
        (actual.to(float64) - expected).abs().max().item<double>() / expected.abs().max().item<double>();

    [TestMethod]
    public void ResolveDevice_RejectsCudaWithoutADeviceAndUnknownNames()
    {
        Assert.AreEqual(DeviceType.CPU, TorchRuntime.ResolveDevice(ComputeDevice.Cpu).type);
        if (!cuda.is_available())
        {
            var error = Assert.ThrowsExactly<ArgumentException>(() => TorchRuntime.ResolveDevice(ComputeDevice.Cuda));
            Assert.Contains("no CUDA device", error.Message);
            Assert.AreEqual(DeviceType.CPU, TorchRuntime.ResolveDevice(ComputeDevice.Auto).type);
        }

        Assert.ThrowsExactly<ArgumentException>(() => TorchRuntime.ResolveDevice((ComputeDevice)7));
    }
}
