using System.Text.Json.Serialization;

namespace AlexNetMl.Contract.Runs;

/// <summary>The rule that turns gradients into weight updates.</summary>
public enum TrainingOptimizer
{
    /// <summary>Stochastic gradient descent, with optional heavy-ball or Nesterov momentum: the book.</summary>
    Sgd,

    /// <summary>Adam with decoupled weight decay (torch.optim.AdamW); the momentum setting is its β1.</summary>
    [JsonStringEnumMemberName("adamw")]
    AdamW,
}
