using AlexNetMl.Contract.Model;
using static TorchSharp.torch.nn;

namespace AlexNetMl.Training.Models;

/// <summary>
/// Exercise 4b: AlexNet's design on the raw 28×28 image, with no upsampling. The same plan (five 3×3-or-larger
/// convolutions with ReLU, three max-pools, two dropout-regularised hidden dense layers) scaled to the input: a 28×28
/// image has 64 times fewer pixels than 224×224, so the stride-4 11×11 stem becomes a 5×5 stride-1 one, and the dense
/// layers shrink to what a 3×3×64 feature map needs.
/// </summary>
public sealed class AlexNet28 : FashionModel
{
    /// <summary>Builds the network with Xavier-uniform weights and zero biases.</summary>
    public AlexNet28(int numClasses = 10, double dropout = 0.5)
        : base(
            nameof(AlexNet28),
            ModelKind.AlexNet28,
            ("conv1", Conv2d(1, 32, kernel_size: 5, padding: 2)),
            ("relu1", ReLU(inplace: true)),
            ("pool1", MaxPool2d(kernel_size: 2, stride: 2)),
            ("conv2", Conv2d(32, 64, kernel_size: 3, padding: 1)),
            ("relu2", ReLU(inplace: true)),
            ("pool2", MaxPool2d(kernel_size: 2, stride: 2)),
            ("conv3", Conv2d(64, 128, kernel_size: 3, padding: 1)),
            ("relu3", ReLU(inplace: true)),
            ("conv4", Conv2d(128, 128, kernel_size: 3, padding: 1)),
            ("relu4", ReLU(inplace: true)),
            ("conv5", Conv2d(128, 64, kernel_size: 3, padding: 1)),
            ("relu5", ReLU(inplace: true)),
            ("pool3", MaxPool2d(kernel_size: 3, stride: 2)),
            ("flatten", Flatten()),
            ("fc1", Linear(64 * 3 * 3, 512)),
            ("relu6", ReLU(inplace: true)),
            ("dropout1", Dropout(dropout)),
            ("fc2", Linear(512, 512)),
            ("relu7", ReLU(inplace: true)),
            ("dropout2", Dropout(dropout)),
            ("fc3", Linear(512, numClasses)))
    {
    }
}
