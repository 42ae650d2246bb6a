using TorchSharp.Modules;
using TorchSharp;
using static TorchSharp.torch;

namespace AlexNetMl.Training.Optim;

/// <summary>
/// <c>torch.optim.AdamW</c> (without AMSGrad) with the fix <see cref="SGD"/> carries: every scalar handed to a native
/// call stays alive until the call returns.
/// </summary>
/// <remarks>
/// <para>
/// TorchSharp 0.107's <see cref="TorchSharp.Modules.AdamW.step"/> builds its Scalars implicitly, as its SGD does, so a
/// garbage collection during a native call can free one that libtorch is reading (see <see cref="SGD"/>).
/// </para>
/// <para>
/// The update is torch.optim.AdamW's. It folds the second moment's bias correction into the step size and ε, which is
/// the same arithmetic: lr / (1 − β1ᵗ) · m / (√v / √(1 − β2ᵗ) + ε) = lr · √(1 − β2ᵗ) / (1 − β1ᵗ) · m / (√v + ε · √(1 − β2ᵗ)).
/// That saves two passes over the 47 million weights per step, where AlexNet's dense layers make the update a
/// noticeable part of a CPU step. The state is the base class's, so checkpoints load into a plain torch.optim.AdamW too.
/// </para>
/// </remarks>
public sealed class AdamW(IEnumerable<Parameter> parameters, double lr, double beta1, double beta2 = 0.999, double eps = 1e-8, double weightDecay = 0)
    : TorchSharp.Modules.AdamW(parameters, lr, beta1, beta2, eps, weightDecay, amsgrad: false, maximize: false)
{
    /// <inheritdoc />
    public override Tensor step(Func<Tensor>? closure = null) => _step<ParamGroup>(
        group =>
        {
            Options options = group.Options;
            double beta1 = options.beta1!.Value;
            double beta2 = options.beta2!.Value;
            double lr = options.LearningRate!.Value;
            using Scalar shrink = (1 - (lr * options.weight_decay!.Value)).ToScalar();
            using Scalar keepAverage = beta1.ToScalar();
            using Scalar freshAverage = (1 - beta1).ToScalar();
            using Scalar keepSquare = beta2.ToScalar();
            using Scalar freshSquare = (1 - beta2).ToScalar();
            foreach (Parameter parameter in group.Parameters)
            {
                Tensor? grad = parameter.grad;
                if (grad is null)
                {
                    continue;
                }

                using var scope = NewDisposeScope();
                var state = (State)_state[parameter.Handle];
                state.step += 1;
                double firstCorrection = 1 - Math.Pow(beta1, state.step);
                double secondCorrection = Math.Sqrt(1 - Math.Pow(beta2, state.step));
                using Scalar epsilon = (options.eps!.Value * secondCorrection).ToScalar();
                using Scalar stepSize = (-lr * secondCorrection / firstCorrection).ToScalar();
                if (options.weight_decay.Value != 0)
                {
                    parameter.mul_(shrink);
                }

                state.exp_avg.mul_(keepAverage).add_(grad, freshAverage);
                state.exp_avg_sq.mul_(keepSquare).addcmul_(grad, grad, freshSquare);
                Tensor denominator = state.exp_avg_sq.sqrt().add_(epsilon);
                parameter.addcdiv_(state.exp_avg, denominator, stepSize);
            }
        },
        closure);
}
