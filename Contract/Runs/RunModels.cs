namespace AlexNetMl.Contract.Runs;

/// <summary>The model files a run wrote, as names inside its folder.</summary>
/// <param name="Onnx">The fp32 ONNX model.</param>
/// <param name="Quantized">The int8 ONNX model; null when it was skipped.</param>
/// <param name="QuantizedNote">How the int8 model was verified, or why it was skipped.</param>
/// <param name="Package">The ML.NET chain (model.zip) that apps load; null until the package step has run.</param>
public sealed record RunModels(string Onnx, string? Quantized, string QuantizedNote, string? Package = null);
