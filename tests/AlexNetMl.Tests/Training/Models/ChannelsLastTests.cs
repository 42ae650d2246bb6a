using AlexNetMl.Contract.Model;
using AlexNetMl.Pipeline.Data;
using AlexNetMl.Training.Fitting;
using AlexNetMl.Training.Models;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AlexNetMl.Tests.Training.Models;

[TestClass]
public sealed class ChannelsLastTests
{
    private static FashionModel NewLeNet(int seed)
    {
        random.manual_seed(seed);
        return ModelCatalog.Create(ModelKind.LeNet, FashionMnistClasses.Count, 0.5);
    }

    [TestMethod]
    public void Convolutions_ChangeTheLayoutNotTheModel()
    {
        using FashionModel contiguous = NewLeNet(7);
        using FashionModel converted = ChannelsLast.Convolutions(NewLeNet(7));
        contiguous.eval();
        converted.eval();
        using var _ = no_grad();
        using Tensor images = rand(4, 1, 28, 28);

        Assert.IsTrue(contiguous.forward(images).allclose(converted.forward(images), rtol: 1e-5, atol: 1e-6), "same logits");
        foreach (Conv2d convolution in converted.modules().OfType<Conv2d>())
        {
            Assert.IsTrue(ChannelsLast.IsChannelsLast(convolution.weight!), string.Join(",", convolution.weight!.stride()));
        }

        Assert.IsFalse(contiguous.modules().OfType<Conv2d>().Where(c => c.weight!.shape[1] > 1).Any(c => ChannelsLast.IsChannelsLast(c.weight!)), "a fresh model is NCHW (a 1-channel weight is both)");
    }

    [TestMethod]
    public void MixedPrecision_RunsChannelsLastConvolutionsInBf16_WhileTheMasterStaysContiguous()
    {
        using FashionModel master = NewLeNet(3);
        using var mixed = new MixedPrecision(master, () => NewLeNet(3), labelSmoothing: 0, CPU);

        Conv2d[] working = [.. mixed.WorkingModel.modules().OfType<Conv2d>()];
        Assert.IsNotEmpty(working);
        Assert.IsTrue(working.All(c => c.weight!.dtype == ScalarType.BFloat16 && ChannelsLast.IsChannelsLast(c.weight!)), "the bf16 copy kept the layout");
        Assert.IsTrue(master.parameters().All(p => p.is_contiguous()), "the master, which is checkpointed and exported, is contiguous");

        using Tensor loss = mixed.ForwardBackward(rand(4, 1, 28, 28), tensor(new long[] { 0, 1, 2, 3 }));
        Assert.IsTrue(master.parameters().All(p => p.grad is { } grad && grad.is_contiguous()), "and so are its gradients, which the momentum buffers copy");
    }
}
