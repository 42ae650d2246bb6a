using AlexNetMl.Contract.Model;
using static TorchSharp.torch.nn;

namespace AlexNetMl.Training.Models;

/// <summary>
/// Exercise 6 of the AlexNet chapter: LeNet-5 with AlexNet's two changes applied, ReLU instead of sigmoid and dropout
/// after the two hidden dense layers. Everything else (sizes, average pooling) stays LeNet's, so the comparison isolates them.
/// </summary>
public sealed class LeNetReluDropout : FashionModel
{
    /// <summary>Builds the network with Xavier-uniform weights and zero biases.</summary>
    public LeNetReluDropout(int numClasses = 10, double dropout = 0.5)
        : base(
            nameof(LeNetReluDropout),
            ModelKind.LeNetReluDropout,
            ("conv1", Conv2d(1, 6, kernel_size: 5, padding: 2)),
            ("relu1", ReLU()),
            ("pool1", AvgPool2d(kernel_size: 2, stride: 2)),
            ("conv2", Conv2d(6, 16, kernel_size: 5)),
            ("relu2", ReLU()),
            ("pool2", AvgPool2d(kernel_size: 2, stride: 2)),
            ("flatten", Flatten()),
            ("fc1", Linear(16 * 5 * 5, 120)),
            ("relu3", ReLU()),
            ("dropout1", Dropout(dropout)),
            ("fc2", Linear(120, 84)),
            ("relu4", ReLU()),
            ("dropout2", Dropout(dropout)),
            ("fc3", Linear(84, numClasses)))
    {
    }
}
