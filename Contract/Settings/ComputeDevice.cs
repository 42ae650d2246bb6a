namespace AlexNetMl.Contract.Settings;

/// <summary>Where to compute: training (TorchSharp) and scoring (ONNX Runtime) both take <c>--device</c>.</summary>
public enum ComputeDevice
{
    /// <summary>CUDA when it is available, else the CPU.</summary>
    Auto,

    /// <summary>The CPU only.</summary>
    Cpu,

    /// <summary>CUDA, or an error when it is not available.</summary>
    Cuda,
}
