using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AlexNetMl.Tests.Training.Optim;

[TestClass]
public sealed class AdamWTests
{
    // One weight of 1 with gradient 0.5, lr 0.1, weight decay 0.01. Decay first: 1 × (1 − 0.1 × 0.01) = 0.999. The
    // bias-corrected moments after one step are the gradient and its square, so the step is lr · g / (|g| + ε) = 0.1
    // (less 2e-9 from ε): 0.999 − 0.1 = 0.899.
    [TestMethod]
    public void Step_MakesTheHandComputedFirstUpdate()
    {
        using var weight = new Parameter(tensor(new[] { 1f }));
        using var optimizer = new AlexNetMl.Training.Optim.AdamW([weight], lr: 0.1, beta1: 0.9, weightDecay: 0.01);
        weight.grad = tensor(new[] { 0.5f });

        optimizer.step();

        Assert.AreEqual(0.899, weight.item<float>(), 1e-6);
    }

    // The update folds the bias corrections into the step size and ε; it must still be torch.optim.AdamW's, step by step.
    [TestMethod]
    public void Steps_EqualTorchAdamW()
    {
        random.manual_seed(7);
        using Tensor start = randn(64, 32);
        using var ours = new Parameter(start.clone());
        using var theirs = new Parameter(start.clone());
        using var adamW = new AlexNetMl.Training.Optim.AdamW([ours], lr: 3e-3, beta1: 0.9, weightDecay: 5e-4);
        using var reference = optim.AdamW([theirs], lr: 3e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8, weight_decay: 5e-4);

        for (int step = 0; step < 20; step++)
        {
            using Tensor gradient = randn(64, 32) * (step + 1);
            ours.grad = gradient.clone();
            theirs.grad = gradient.clone();
            adamW.step();
            reference.step();
        }

        Assert.IsFalse(ours.allclose(start, rtol: 0, atol: 1e-2), "the weights moved");
        Assert.IsTrue(ours.allclose(theirs, rtol: 1e-5, atol: 1e-6), $"largest difference {(ours - theirs).abs().max().item<float>()}");
    }

    [TestMethod]
    public void Step_SkipsAWeightWithoutAGradient()
    {
        using var weight = new Parameter(tensor(new[] { 1f, 2f }));
        using var optimizer = new AlexNetMl.Training.Optim.AdamW([weight], lr: 0.1, beta1: 0.9, weightDecay: 0.01);

        optimizer.step();

        CollectionAssert.AreEqual(new[] { 1f, 2f }, weight.data<float>().ToArray());
    }
}
