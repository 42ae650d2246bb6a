using AlexNetMl.Contract.Runs;
using TorchSharp.Modules;

namespace AlexNetMl.Training.Optim;

/// <summary>The optimizer a run's settings name.</summary>
public static class Optimizers
{
    /// <summary>The optimizer <paramref name="config"/> describes, over <paramref name="parameters"/>.</summary>
    public static OptimizerHelper For(IEnumerable<Parameter> parameters, TrainingConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return config.Optimizer switch
        {
            TrainingOptimizer.Sgd => new SGD(parameters, config.LearningRate, config.Momentum, config.WeightDecay, config.Nesterov),
            TrainingOptimizer.AdamW => new AdamW(parameters, config.LearningRate, beta1: config.Momentum, weightDecay: config.WeightDecay),
            _ => throw new ArgumentException($"Unknown optimizer {config.Optimizer}.", nameof(config)),
        };
    }
}
