using System.Runtime.InteropServices;
using AlexNetMl.Contract.Programs;
using AlexNetMl.Contract.Settings;
using Microsoft.ML.OnnxRuntime;

namespace AlexNetMl.Pipeline.Scoring;

/// <summary>Where ONNX scoring runs, decided before ML.NET builds or loads its session.</summary>
/// <param name="GpuDeviceId">The CUDA device to use, or null for the CPU.</param>
/// <param name="Description">What the report prints, e.g. "CPU (no CUDA driver found)".</param>
public sealed record ScoringDevice(int? GpuDeviceId, string Description)
{
    /// <summary>The CPU, asked for explicitly.</summary>
    public static ScoringDevice Cpu { get; } = new(null, "CPU");

    /// <summary>
    /// Resolves <paramref name="request"/>: <see cref="ComputeDevice.Cpu"/> is the CPU; otherwise CUDA device
    /// <paramref name="gpuId"/> when a CUDA driver is present and ONNX Runtime's CUDA provider starts on it. Without a
    /// driver nothing is attempted, so ONNX Runtime prints no CUDA load error. <see cref="ComputeDevice.Auto"/> falls back
    /// to the CPU and says why; <see cref="ComputeDevice.Cuda"/> throws <see cref="ArgumentException"/> instead.
    /// </summary>
    public static ScoringDevice Resolve(ComputeDevice request, int gpuId = 0) => Resolve(request, gpuId, CudaDriverPresent, StartCudaProvider);

    /// <summary><see cref="Resolve(ComputeDevice, int)"/> with the two probes given (tests).</summary>
    internal static ScoringDevice Resolve(ComputeDevice request, int gpuId, Func<bool> driverPresent, Func<int, string?> startProvider)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(gpuId);
        if (request == ComputeDevice.Cpu)
        {
            return Cpu;
        }

        string? failure = !driverPresent() ? "no CUDA driver found" : startProvider(gpuId) is { } error ? $"CUDA provider failed to start: {error}" : null;
        if (failure is null)
        {
            return new ScoringDevice(gpuId, $"CUDA GPU {gpuId}");
        }

        return request == ComputeDevice.Cuda
            ? throw new ArgumentException($"--device cuda was asked for, but ONNX Runtime cannot use CUDA GPU {gpuId} ({failure}). Use --device cpu or auto.")
            : new ScoringDevice(null, $"CPU ({failure})");
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

    // Appending the CUDA execution provider loads its libraries (CUDA, cuDNN) and fails here if they do not load.
    private static string? StartCudaProvider(int gpuId)
    {
        try
        {
            using SessionOptions options = SessionOptions.MakeSessionOptionWithCudaProvider(gpuId);
            return null;
        }
        catch (Exception e) when (e is OnnxRuntimeException or DllNotFoundException or EntryPointNotFoundException)
        {
            return TerminalText.FirstLine(e.Message);
        }
    }
}
