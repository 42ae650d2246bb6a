using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;

namespace AlexNetMl.Pipeline.Scoring;

/// <summary>Where ONNX scoring runs, decided before ML.NET builds its session.</summary>
/// <param name="GpuDeviceId">The CUDA device to use, or null for the CPU.</param>
/// <param name="Description">What the report prints, e.g. "CPU (no CUDA driver found)".</param>
public sealed record ScoringDevice(int? GpuDeviceId, string Description)
{
    /// <summary>
    /// Picks the GPU <paramref name="requestedGpu"/> if a CUDA driver is present and ONNX Runtime's CUDA provider starts
    /// on it, else the CPU. On a machine without a driver nothing is attempted, so ONNX Runtime prints no CUDA load error.
    /// </summary>
    public static ScoringDevice Resolve(int? requestedGpu, string modelPath)
    {
        if (requestedGpu is null)
        {
            return new ScoringDevice(null, "CPU");
        }

        if (!CudaDriverPresent())
        {
            return new ScoringDevice(null, "CPU (no CUDA driver found)");
        }

        try
        {
            using SessionOptions options = SessionOptions.MakeSessionOptionWithCudaProvider(requestedGpu.Value);
            options.LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL;
            using var session = new InferenceSession(modelPath, options);
            return new ScoringDevice(requestedGpu, $"CUDA GPU {requestedGpu}");
        }
        catch (Exception e) when (e is OnnxRuntimeException or DllNotFoundException or EntryPointNotFoundException)
        {
            return new ScoringDevice(null, $"CPU (CUDA provider failed to start: {e.Message.Split('\n')[0]})");
        }
    }

    private static bool CudaDriverPresent()
    {
        string library = OperatingSystem.IsWindows() ? "nvcuda.dll" : "libcuda.so.1";
        if (NativeLibrary.TryLoad(library, out IntPtr handle))
        {
            NativeLibrary.Free(handle);
            return true;
        }

        return false;
    }
}
