using AlexNetMl.Contract.Model;
using static TorchSharp.torch.nn;

namespace AlexNetMl.Training.Models;

/// <summary>
/// The LeNet-5 of <i>Dive into Deep Learning</i>, chapter "Convolutional Neural Networks (LeNet)": two convolutions with
/// sigmoid and average pooling, three dense layers with sigmoid, on 28×28 inputs. 61,706 parameters.
/// </summary>
public sealed class LeNet : FashionModel
{
    /// <summary>Builds the network with Xavier-uniform weights and zero biases (the book's init_cnn).</summary>
    public LeNet(int numClasses = 10)
        : base(
            nameof(LeNet),
            ModelKind.LeNet,
            ("conv1", Conv2d(1, 6, kernel_size: 5, padding: 2)),
            ("sigmoid1", Sigmoid()),
            ("pool1", AvgPool2d(kernel_size: 2, stride: 2)),
            ("conv2", Conv2d(6, 16, kernel_size: 5)),
            ("sigmoid2", Sigmoid()),
            ("pool2", AvgPool2d(kernel_size: 2, stride: 2)),
            ("flatten", Flatten()),
            ("fc1", Linear(16 * 5 * 5, 120)),
            ("sigmoid3", Sigmoid()),
            ("fc2", Linear(120, 84)),
            ("sigmoid4", Sigmoid()),
            ("fc3", Linear(84, numClasses)))
    {
    }
}
