using AlexNetMl.Contract.Model;

namespace AlexNetMl.Training.Models;

/// <summary>The family, in one place: input size and resize per model, and how to build each.</summary>
public static class ModelCatalog
{
    private static readonly Dictionary<ModelKind, ModelSpec> Specs = new ModelSpec[]
    {
        new(ModelKind.AlexNet, 224, ResizeMethod.Bilinear, "the book's AlexNet, 224×224 input"),
        new(ModelKind.AlexNetSmall, 224, ResizeMethod.Bilinear, "exercise 4a: AlexNet's shape, narrower, 224×224 input"),
        new(ModelKind.AlexNet28, 28, ResizeMethod.None, "exercise 4b: AlexNet-style on the raw 28×28 image"),
        new(ModelKind.LeNet, 28, ResizeMethod.None, "the book's LeNet-5 (sigmoid, average pooling), 28×28 input"),
        new(ModelKind.LeNetReluDropout, 28, ResizeMethod.None, "exercise 6: LeNet-5 with ReLU and dropout"),
    }.ToDictionary(spec => spec.Kind);

    /// <summary>Every member, in declaration order.</summary>
    public static IReadOnlyList<ModelSpec> All { get; } = Enum.GetValues<ModelKind>().Select(kind => Specs[kind]).ToArray();

    /// <summary>The spec of <paramref name="kind"/>.</summary>
    public static ModelSpec Get(ModelKind kind) => Specs.TryGetValue(kind, out ModelSpec? spec) ? spec : throw new ArgumentException($"Unknown model {kind}.");

    /// <summary>Builds <paramref name="kind"/> with fresh Xavier-initialised weights (seed the generator first for reproducible ones).</summary>
    public static FashionModel Create(ModelKind kind, int numClasses, double dropout) => kind switch
    {
        ModelKind.AlexNet => new AlexNet(numClasses, dropout),
        ModelKind.AlexNetSmall => new AlexNetSmall(numClasses, dropout),
        ModelKind.AlexNet28 => new AlexNet28(numClasses, dropout),
        ModelKind.LeNet => new LeNet(numClasses),
        ModelKind.LeNetReluDropout => new LeNetReluDropout(numClasses, dropout),
        _ => throw new ArgumentException($"Unknown model {kind}."),
    };
}
