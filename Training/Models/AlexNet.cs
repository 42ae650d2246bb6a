using AlexNetMl.Contract.Model;
using static TorchSharp.torch.nn;

namespace AlexNetMl.Training.Models;

/// <summary>
/// The AlexNet of <i>Dive into Deep Learning</i>, chapter "Deep Convolutional Neural Networks (AlexNet)", PyTorch tab:
/// five convolutions, three max-pools and three dense layers, for one-channel 224×224 Fashion-MNIST inputs.
/// </summary>
/// <remarks>
/// The book means to Xavier-initialise (<c>self.net.apply(d2l.init_cnn)</c>), but it builds the net from LazyConv2d and
/// LazyLinear, whose type is not yet Conv2d/Linear when apply runs, so the init is skipped and PyTorch's default
/// (Kaiming-uniform) init is what the book actually trains. We do what the book means.
/// </remarks>
public sealed class AlexNet : FashionModel
{
    /// <summary>Builds the network with Xavier-uniform weights and zero biases.</summary>
    public AlexNet(int numClasses = 10, double dropout = 0.5)
        : base(
            nameof(AlexNet),
            ModelKind.AlexNet,
            ("conv1", Conv2d(1, 96, kernel_size: 11, stride: 4, padding: 1)),
            ("relu1", ReLU(inplace: true)),
            ("pool1", MaxPool2d(kernel_size: 3, stride: 2)),
            ("conv2", Conv2d(96, 256, kernel_size: 5, padding: 2)),
            ("relu2", ReLU(inplace: true)),
            ("pool2", MaxPool2d(kernel_size: 3, stride: 2)),
            ("conv3", Conv2d(256, 384, kernel_size: 3, padding: 1)),
            ("relu3", ReLU(inplace: true)),
            ("conv4", Conv2d(384, 384, kernel_size: 3, padding: 1)),
            ("relu4", ReLU(inplace: true)),
            ("conv5", Conv2d(384, 256, kernel_size: 3, padding: 1)),
            ("relu5", ReLU(inplace: true)),
            ("pool3", MaxPool2d(kernel_size: 3, stride: 2)),
            ("flatten", Flatten()),
            ("fc1", Linear(6400, 4096)),
            ("relu6", ReLU(inplace: true)),
            ("dropout1", Dropout(dropout)),
            ("fc2", Linear(4096, 4096)),
            ("relu7", ReLU(inplace: true)),
            ("dropout2", Dropout(dropout)),
            ("fc3", Linear(4096, numClasses)))
    {
    }
}
