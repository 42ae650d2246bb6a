using AlexNetMl.Training.Models;

namespace AlexNetMl.Tests.Training.Models;

[TestClass]
public sealed class LayerSummaryTests
{
    [TestMethod]
    public void Compute_GivesTheBooksOutputShapes()
    {
        using var model = new AlexNet();
        IReadOnlyList<LayerInfo> layers = LayerSummary.Compute(model);

        string[] shapes = layers.Where(l => l.Kind is "Conv2d" or "MaxPool2d" or "Flatten" or "Linear").Select(l => string.Join("×", l.OutputShape)).ToArray();
        CollectionAssert.AreEqual(
            new[] { "96×54×54", "96×26×26", "256×26×26", "256×12×12", "384×12×12", "384×12×12", "256×12×12", "256×5×5", "6400", "4096", "4096", "10" },
            shapes);
    }

    [TestMethod]
    public void Compute_CountsParametersFromTheModule()
    {
        using var model = new AlexNet();
        IReadOnlyList<LayerInfo> layers = LayerSummary.Compute(model);

        Assert.AreEqual(46_764_746L, layers.Sum(l => l.Parameters));
        Assert.AreEqual(model.parameters().Sum(p => p.numel()), layers.Sum(l => l.Parameters));
        long hidden = layers.Where(l => l.IsDense).Take(2).Sum(l => l.ParameterBytes);
        Assert.AreEqual(164.0, Math.Round(hidden / 1048576.0, 1), "the book's 164 MB for the two hidden dense layers, in MiB");
    }

    [TestMethod]
    public void MultiplyAdds_OfTheFirstConvolutionFollowTheFormula()
    {
        using var model = new AlexNet();
        LayerInfo conv1 = LayerSummary.Compute(model)[0];
        Assert.AreEqual(96L * 54 * 54 * (1 * 11 * 11), conv1.MultiplyAdds);
        double training = LayerSummary.TrainingFlopsPerImage(LayerSummary.Compute(model));
        double forward = LayerSummary.ForwardFlopsPerImage(LayerSummary.Compute(model));
        Assert.AreEqual((3 * forward) - (2.0 * conv1.MultiplyAdds), training, 1.0, "three passes, minus the first layer's input gradient");
    }

    [TestMethod]
    public void Initialisation_IsXavierUniformWithZeroBiases()
    {
        using var model = new AlexNet();
        foreach ((string name, var layer) in model.Layers)
        {
            if (layer is TorchSharp.Modules.Linear linear)
            {
                double bound = Math.Sqrt(6.0 / (linear.in_features + linear.out_features));
                Assert.IsLessThanOrEqualTo(bound * (1 + 1e-6), linear.weight!.abs().max().item<float>(), name);
                Assert.IsGreaterThan(0.9 * bound, linear.weight!.abs().max().item<float>(), name);
                Assert.AreEqual(0f, linear.bias!.abs().sum().item<float>(), name);
            }
        }
    }
}
