namespace AlexNetMl.Bench.Subjects;

/// <summary>One timed pass of the ML.NET chain.</summary>
/// <param name="ImagesPerSecond">Images scored per second.</param>
/// <param name="AllocatedBytesPerImage">Managed bytes allocated per image while timed.</param>
/// <param name="Gen2PerThousandImages">Gen-2 collections per 1,000 images while timed.</param>
public sealed record ChainMeasurement(double ImagesPerSecond, double AllocatedBytesPerImage, double Gen2PerThousandImages);
