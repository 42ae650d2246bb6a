using AlexNetMl.Contract.Runs;
using AlexNetMl.Training.Optim;
using static TorchSharp.torch;

namespace AlexNetMl.Tests.Training.Optim;

[TestClass]
public sealed class OptimizersTests
{
    [TestMethod]
    public void For_BuildsTheOptimizerTheSettingsName()
    {
        using var layer = nn.Linear(4, 2);
        var sgd = new TrainingConfig { LearningRate = 0.04, Momentum = 0.9, WeightDecay = 5e-4 };

        using var fromSgd = Optimizers.For(layer.parameters(), sgd);
        using var fromAdamW = Optimizers.For(layer.parameters(), sgd with { Optimizer = TrainingOptimizer.AdamW, LearningRate = 1e-4 });

        TorchSharp.Modules.SGD.Options sgdOptions = ((TorchSharp.Modules.SGD.ParamGroup)fromSgd.ParamGroups.Single()).Options;
        Assert.IsInstanceOfType<SGD>(fromSgd);
        Assert.AreEqual((0.04, 0.9, 5e-4), (sgdOptions.LearningRate!.Value, sgdOptions.momentum!.Value, sgdOptions.weight_decay!.Value));
        TorchSharp.Modules.AdamW.Options adamOptions = ((TorchSharp.Modules.AdamW.ParamGroup)fromAdamW.ParamGroups.Single()).Options;
        Assert.IsInstanceOfType<AdamW>(fromAdamW);
        Assert.AreEqual((1e-4, 0.9, 5e-4), (adamOptions.LearningRate!.Value, adamOptions.beta1!.Value, adamOptions.weight_decay!.Value));
    }
}
