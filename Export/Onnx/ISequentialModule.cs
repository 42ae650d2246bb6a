namespace AlexNetMl.Export.Onnx;

/// <summary>
/// Marks a custom module whose forward applies its registered children one after another, as a
/// <see cref="TorchSharp.Modules.Sequential"/> does. The exporter walks such a module's children in registration order.
/// </summary>
public interface ISequentialModule
{
}
