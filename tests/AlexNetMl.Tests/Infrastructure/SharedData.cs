using AlexNetMl.Pipeline.Data;

namespace AlexNetMl.Tests.Infrastructure;

/// <summary>The shipped dataset, read once for all tests.</summary>
internal static class SharedData
{
    private static readonly Lazy<FashionMnistDataset> LazyTrain = new(() => FashionMnistDataset.Load(TestPaths.DataDirectory, FashionMnistSplit.Train));
    private static readonly Lazy<FashionMnistDataset> LazyTest = new(() => FashionMnistDataset.Load(TestPaths.DataDirectory, FashionMnistSplit.Test));

    public static FashionMnistDataset Train => LazyTrain.Value;

    public static FashionMnistDataset Test => LazyTest.Value;
}
