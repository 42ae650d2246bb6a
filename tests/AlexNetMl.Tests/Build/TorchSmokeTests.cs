using AlexNetMl.Export.Torch;
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
        Tensor input = randn(2, 1, 9, 9, requires_grad: true);
        using var conv = nn.Conv2d(1, 3, kernel_size: 3, padding: 1);
        Tensor output = conv.forward(input);
        CollectionAssert.AreEqual(new long[] { 2, 3, 9, 9 }, output.shape);

        output.square().sum().backward();

        Tensor? weightGrad = conv.weight!.grad;
        Assert.IsNotNull(weightGrad);
        CollectionAssert.AreEqual(new long[] { 3, 1, 3, 3 }, weightGrad.shape);
        Assert.IsGreaterThan(0f, weightGrad.abs().sum().item<float>());
        Assert.IsNotNull(input.grad);
        Assert.IsTrue(isfinite(input.grad).all().item<bool>());
    }

    [TestMethod]
    public void ResolveDevice_RejectsCudaWithoutADeviceAndUnknownNames()
    {
        Assert.AreEqual(DeviceType.CPU, TorchRuntime.ResolveDevice("cpu").type);
        if (!cuda.is_available())
        {
            var error = Assert.ThrowsExactly<ArgumentException>(() => TorchRuntime.ResolveDevice("cuda"));
            Assert.Contains("no CUDA device", error.Message);
        }

        Assert.ThrowsExactly<ArgumentException>(() => TorchRuntime.ResolveDevice("tpu"));
    }
}
