namespace AlexNetMl.Training.Exercises;

/// <summary>One layer on the roofline: its work per image and how many FLOPs it does per byte it moves.</summary>
/// <param name="Name">Layer name.</param>
/// <param name="Flops">FLOPs per image (2 per multiply-add).</param>
/// <param name="IntensityBatch1">FLOPs per byte moved at batch 1 (weights, input and output read or written once).</param>
/// <param name="IntensityBatched">The same at the batched size.</param>
public sealed record LayerIntensity(string Name, double Flops, double IntensityBatch1, double IntensityBatched);
