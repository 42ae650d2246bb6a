using AlexNetMl.Contract.Model;
using AlexNetMl.Export.Onnx;
using TorchSharp.Modules;
using static TorchSharp.torch.nn;
using static TorchSharp.torch;

namespace AlexNetMl.Training.Models;

/// <summary>
/// A Fashion-MNIST classifier of the family: layers in one <see cref="TorchSharp.Modules.Sequential"/> named <c>net</c>, as the book's
/// classes keep them in <c>self.net</c>, so the exporter and the PyTorch key mapping walk them in order.
/// </summary>
public abstract class FashionModel : Module<Tensor, Tensor>, ISequentialModule
{
#pragma warning disable IDE1006, SA1300 // "net": the book's attribute name, which state_dict keys carry.
    private readonly Sequential net;
#pragma warning restore IDE1006, SA1300

    /// <summary>Wraps <paramref name="layers"/> and initialises them as the book does: Xavier-uniform weights, zero biases.</summary>
    protected FashionModel(string name, ModelKind kind, params (string Name, Module<Tensor, Tensor> Layer)[] layers)
        : base(name)
    {
        Kind = kind;
        net = Sequential(layers);
        RegisterComponents();
        InitializeWeights();
    }

    /// <summary>Which member of the family this is.</summary>
    public ModelKind Kind { get; }

    /// <summary>Side of the square input the layers are sized for.</summary>
    public int InputSide => ModelCatalog.Get(Kind).InputSide;

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

    // The book's init_cnn: xavier_uniform_ on the weights of Linear and Conv2d modules, and zero biases.
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
