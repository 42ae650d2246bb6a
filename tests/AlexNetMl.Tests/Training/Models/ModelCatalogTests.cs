using AlexNetMl.Contract.Model;
using AlexNetMl.Pipeline.Data;
using AlexNetMl.Training.Models;

namespace AlexNetMl.Tests.Training.Models;

[TestClass]
public sealed class ModelCatalogTests
{
    // Parameters worked out by hand, layer by layer: weights (in × out × kernel) plus one bias per output.
    public static IEnumerable<object[]> HandCounts() =>
    [
        [ModelKind.AlexNet, Conv(1, 96, 11) + Conv(96, 256, 5) + Conv(256, 384, 3) + Conv(384, 384, 3) + Conv(384, 256, 3) + Dense(6400, 4096) + Dense(4096, 4096) + Dense(4096, 10)],
        [ModelKind.AlexNetSmall, Conv(1, 32, 11) + Conv(32, 64, 5) + Conv(64, 96, 3) + Conv(96, 96, 3) + Conv(96, 64, 3) + Dense(64 * 5 * 5, 1024) + Dense(1024, 1024) + Dense(1024, 10)],
        [ModelKind.AlexNet28, Conv(1, 32, 5) + Conv(32, 64, 3) + Conv(64, 128, 3) + Conv(128, 128, 3) + Conv(128, 64, 3) + Dense(64 * 3 * 3, 512) + Dense(512, 512) + Dense(512, 10)],
        [ModelKind.LeNet, 61_706L],
        [ModelKind.LeNetReluDropout, Conv(1, 6, 5) + Conv(6, 16, 5) + Dense(16 * 5 * 5, 120) + Dense(120, 84) + Dense(84, 10)],
    ];

    [TestMethod]
    [DynamicData(nameof(HandCounts))]
    public void Summary_CountsTheParametersWorkedOutByHand(ModelKind kind, long expected)
    {
        using FashionModel model = ModelCatalog.Create(kind, FashionMnistClasses.Count, dropout: 0.5);
        Assert.AreEqual(expected, LayerSummary.Totals(LayerSummary.Compute(model)).Parameters);
        Assert.AreEqual(kind, model.Kind);
    }

    [TestMethod]
    public void AlexNet_HoldsTheBooks164MBInItsTwoHiddenDenseLayers()
    {
        using var model = new AlexNet();
        IReadOnlyList<LayerInfo> layers = LayerSummary.Compute(model);
        long hidden = layers.Where(l => l.IsDense).Take(2).Sum(l => l.ParameterBytes);
        Assert.AreEqual(164.0, hidden / 1048576.0, 0.05);
        LayerTotals totals = LayerSummary.Totals(layers);
        Assert.IsGreaterThan(0.9, totals.DenseParameterShare, "dense layers dominate memory");
        Assert.IsGreaterThan(0.9, totals.ConvolutionMacShare, "convolutions dominate compute");
    }

    [TestMethod]
    public void Contract_FollowsTheInputSize()
    {
        Assert.AreEqual(ResizeMethod.Bilinear, ModelCatalog.Get(ModelKind.AlexNet).Contract.Resize);
        Assert.AreEqual(224, ModelCatalog.Get(ModelKind.AlexNetSmall).Contract.InputHeight);
        Assert.AreEqual(ResizeMethod.None, ModelCatalog.Get(ModelKind.LeNet).Contract.Resize);
        Assert.AreEqual(28, ModelCatalog.Get(ModelKind.AlexNet28).Contract.InputWidth);
        Assert.AreEqual("lenet-relu-dropout", ModelCatalog.Get(ModelKind.LeNetReluDropout).Contract.Architecture);
    }

    private static long Conv(long input, long output, long kernel) => (input * output * kernel * kernel) + output;

    private static long Dense(long input, long output) => (input * output) + output;
}
