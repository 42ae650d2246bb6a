using AlexNetMl.Training.Models;
using static TorchSharp.torch;

namespace AlexNetMl.Training.Fitting;

/// <summary>The training step's loss and backward pass, shared by the trainer and the planner's warm-up.</summary>
internal static class TrainingLoss
{
    /// <summary>The loss of one batch, with gradients on <paramref name="model"/>'s parameters: in bf16 when <paramref name="mixed"/> is given.</summary>
    public static Tensor ForwardBackward(FashionModel model, MixedPrecision? mixed, Tensor images, Tensor labels, double labelSmoothing)
    {
        if (mixed is not null)
        {
            return mixed.ForwardBackward(images, labels);
        }

        Tensor loss = nn.functional.cross_entropy(model.forward(images), labels, label_smoothing: labelSmoothing);
        loss.backward();
        return loss;
    }
}
