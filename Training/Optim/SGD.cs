using TorchSharp.Modules;
using TorchSharp;
using static TorchSharp.torch;

namespace AlexNetMl.Training.Optim;

/// <summary>
/// <c>torch.optim.SGD</c> with one fix: every scalar handed to a native call stays alive until the call returns.
/// </summary>
/// <remarks>
/// <para>
/// TorchSharp 0.107's <see cref="SGD.step"/> builds Scalars implicitly from the learning rate and momentum and passes
/// only their handles to libtorch (<c>param.add_(grad, alpha: -lr)</c>), with no <c>GC.KeepAlive</c>. A garbage
/// collection during the native call can finalize such a Scalar and free its native memory while libtorch reads it.
/// Seen here as "Expected false to be true ... toFloat at c10/core/Scalar.h:140" inside SGD.step, at the same step of
/// every run that allocated the same way: five of six resumed runs of the SIGTERM test, with ordinary values of lr
/// (0.0096), momentum (0.9) and dampening (0).
/// </para>
/// <para>
/// The update is torch.optim.SGD's, term for term (weight decay, momentum with dampening, Nesterov, maximize), and the
/// state is the base class's. The class keeps the name SGD because TorchSharp stamps an optimizer's saved state with its
/// type's name and refuses a mismatch: so checkpoints written by earlier releases (with torch.optim.SGD) still resume,
/// and this state loads into a plain torch.optim.SGD.
/// </para>
/// </remarks>
public sealed class SGD(IEnumerable<Parameter> parameters, double lr, double momentum = 0, double weightDecay = 0, bool nesterov = false)
    : TorchSharp.Modules.SGD(parameters, lr, momentum, dampening: 0, weight_decay: weightDecay, nesterov: nesterov)
{
    /// <inheritdoc />
    public override Tensor step(Func<Tensor>? closure = null) => _step<ParamGroup>(
        group =>
        {
            Options options = group.Options;
            double momentum = options.momentum!.Value;
            double dampening = options.dampening!.Value;
            double weightDecay = options.weight_decay!.Value;
            bool nesterov = options.nesterov!.Value;
            double lr = options.LearningRate!.Value;
            using Scalar decay = weightDecay.ToScalar();
            using Scalar keep = momentum.ToScalar();
            using Scalar fresh = (1 - dampening).ToScalar();
            using Scalar rate = (options.maximize!.Value ? lr : -lr).ToScalar();
            foreach (Parameter parameter in group.Parameters)
            {
                Tensor? grad = parameter.grad;
                if (grad is null)
                {
                    continue;
                }

                using var scope = NewDisposeScope();
                if (weightDecay != 0)
                {
                    grad = grad.add(parameter, decay);
                }

                if (momentum != 0)
                {
                    var state = (State)_state[parameter.Handle];
                    if (state.momentum_buffer is null)
                    {
                        state.momentum_buffer = grad.clone().detach().DetachFromDisposeScope();
                    }
                    else
                    {
                        state.momentum_buffer.mul_(keep).add_(grad, fresh);
                    }

                    grad = nesterov ? grad.add(state.momentum_buffer, keep) : state.momentum_buffer;
                }

                parameter.add_(grad, rate);
            }
        },
        closure);
}
