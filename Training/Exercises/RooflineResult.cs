namespace AlexNetMl.Training.Exercises;

/// <summary>What the roofline measurements found on this machine.</summary>
/// <param name="BandwidthBytesPerSecond">Streaming copy rate (read + write), both cores.</param>
/// <param name="GemmFlopsPerSecond">fp32 matrix-multiply rate.</param>
/// <param name="Layers">Every convolution and dense layer of AlexNet.</param>
/// <param name="Batch">The batched size compared with batch 1.</param>
/// <param name="DenseMillisecondsBatch1">fc1 + fc2 forward per image at batch 1.</param>
/// <param name="DenseMillisecondsBatched">fc1 + fc2 forward per image at <paramref name="Batch"/>.</param>
/// <param name="DenseWeightBytes">fc1 + fc2 weights, read once per forward pass.</param>
public sealed record RooflineResult(double BandwidthBytesPerSecond, double GemmFlopsPerSecond, IReadOnlyList<LayerIntensity> Layers, int Batch, double DenseMillisecondsBatch1, double DenseMillisecondsBatched, long DenseWeightBytes)
{
    /// <summary>The machine's balance: the intensity above which a layer is compute-bound, FLOP per byte.</summary>
    public double RidgeIntensity => GemmFlopsPerSecond / BandwidthBytesPerSecond;

    /// <summary>fc1 + fc2 at batch 1 cannot beat reading their weights: milliseconds per image at the measured bandwidth.</summary>
    public double DenseBandwidthBoundMilliseconds => DenseWeightBytes / BandwidthBytesPerSecond * 1000;
}
