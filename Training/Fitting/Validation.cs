using AlexNetMl.Contract.Model;
using AlexNetMl.Pipeline.Data;
using AlexNetMl.Training.Data;
using static TorchSharp.torch;

namespace AlexNetMl.Training.Fitting;

/// <summary>Scores a model on a dataset in TorchSharp: the validation after each epoch, and the exercises' test accuracy.</summary>
public static class Validation
{
    /// <summary>Mean cross-entropy and accuracy of <paramref name="model"/> (eval mode, no gradients) over a dataset.</summary>
    public static (double Loss, double Accuracy) Evaluate(nn.Module<Tensor, Tensor> model, ModelContract contract, FashionMnistDataset data, int batchSize, Device device)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        if (data.Count == 0)
        {
            return (double.NaN, double.NaN);
        }

        bool wasTraining = model.training;
        model.eval();
        using var _ = no_grad();
        var upsampler = new BatchUpsampler(data, contract, device, batchSize);
        int[] indices = Enumerable.Range(0, data.Count).ToArray();
        double lossSum = 0;
        long correct = 0;
        for (int start = 0; start < data.Count; start += batchSize)
        {
            using var scope = NewDisposeScope();
            int count = Math.Min(batchSize, data.Count - start);
            (Tensor images, Tensor labels) = upsampler.Batch(indices.AsSpan(start, count));
            Tensor logits = model.forward(images);
            lossSum += nn.functional.cross_entropy(logits, labels, reduction: nn.Reduction.Sum).item<float>();
            correct += logits.argmax(1).eq(labels).sum().item<long>();
        }

        model.train(wasTraining);
        return (lossSum / data.Count, correct / (double)data.Count);
    }
}
