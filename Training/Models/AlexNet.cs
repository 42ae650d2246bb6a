using AlexNetMl.Export.Onnx;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace AlexNetMl.Training.Models;

/// <summary>
/// The AlexNet of <i>Dive into Deep Learning</i>, chapter "Deep Convolutional Neural Networks (AlexNet)", PyTorch tab:
/// five convolutions, three max-pools and three dense layers, for one-channel 224×224 Fashion-MNIST inputs.
/// </summary>
public sealed class AlexNet : Module<Tensor, Tensor>, ISequentialModule
{
    /// <summary>Side of the square input the dense layers are sized for.</summary>
    public const int InputSide = 224;

    private readonly Sequential net;

    /// <summary>Builds the network with Xavier-uniform weights and zero biases.</summary>
    public AlexNet(int numClasses = 10, double dropout = 0.5)
        : base(nameof(AlexNet))
    {
        net = Sequential(
            ("conv1", Conv2d(1, 96, kernel_size: 11, stride: 4, padding: 1)),
            ("relu1", ReLU()),
            ("pool1", MaxPool2d(kernel_size: 3, stride: 2)),
            ("conv2", Conv2d(96, 256, kernel_size: 5, padding: 2)),
            ("relu2", ReLU()),
            ("pool2", MaxPool2d(kernel_size: 3, stride: 2)),
            ("conv3", Conv2d(256, 384, kernel_size: 3, padding: 1)),
            ("relu3", ReLU()),
            ("conv4", Conv2d(384, 384, kernel_size: 3, padding: 1)),
            ("relu4", ReLU()),
            ("conv5", Conv2d(384, 256, kernel_size: 3, padding: 1)),
            ("relu5", ReLU()),
            ("pool3", MaxPool2d(kernel_size: 3, stride: 2)),
            ("flatten", Flatten()),
            ("fc1", Linear(6400, 4096)),
            ("relu6", ReLU()),
            ("dropout1", Dropout(dropout)),
            ("fc2", Linear(4096, 4096)),
            ("relu7", ReLU()),
            ("dropout2", Dropout(dropout)),
            ("fc3", Linear(4096, numClasses)));
        RegisterComponents();
        InitializeWeights();
    }

    /// <summary>The layers in order, by name, as the book's <c>layer_summary</c> walks them.</summary>
    public IEnumerable<(string Name, Module<Tensor, Tensor> Layer)> Layers =>
        net.named_children().Select(child => (child.name, (Module<Tensor, Tensor>)child.module));

    /// <inheritdoc />
    public override Tensor forward(Tensor input) => net.forward(input);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            net.Dispose();
        }

        base.Dispose(disposing);
    }

    // The book means to Xavier-initialise: AlexNet.__init__ ends with `self.net.apply(d2l.init_cnn)`, and init_cnn applies
    // xavier_uniform_ to modules whose type is nn.Linear or nn.Conv2d. But the book builds the net from LazyConv2d and
    // LazyLinear, whose type is not yet Conv2d/Linear when apply runs, so the init is skipped and PyTorch's default
    // (Kaiming-uniform) init is what the book actually trains. We do what the book means: Xavier-uniform, zero biases.
    private void InitializeWeights()
    {
        using var _ = no_grad();
        foreach ((string _, Module<Tensor, Tensor> layer) in Layers)
        {
            switch (layer)
            {
                case Conv2d conv:
                    init.xavier_uniform_(conv.weight!);
                    init.zeros_(conv.bias!);
                    break;
                case Linear linear:
                    init.xavier_uniform_(linear.weight!);
                    init.zeros_(linear.bias!);
                    break;
            }
        }
    }
}
