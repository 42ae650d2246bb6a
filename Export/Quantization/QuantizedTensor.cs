namespace AlexNetMl.Export.Quantization;

/// <summary>A uint8 tensor's name and its scale and zero-point initializers.</summary>
internal sealed record QuantizedTensor(string Name, string Scale, string ZeroPoint, float ScaleValue);
