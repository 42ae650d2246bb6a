using System.Runtime.InteropServices;

namespace AlexNetMl.Tests.Infrastructure;

/// <summary>Set-up and clean-up of the whole test run.</summary>
[TestClass]
public static class AssemblyHooks
{
    /// <summary>
    /// The test runner trains on pool threads, so it cannot take the training program's allocator setting (mmap off, see
    /// TorchAllocator). It takes the safe half instead: glibc's mmap threshold at its 32 MB maximum and no trimming, so
    /// tensors below 32 MB are reused rather than mapped, zero-filled and unmapped at every step.
    /// </summary>
    [AssemblyInitialize]
    public static void ReuseTensorMemory(TestContext context)
    {
        _ = context;
        const int TrimThreshold = -1, MmapThreshold = -3;
        if (OperatingSystem.IsLinux() && NativeLibrary.TryLoad("libc.so.6", out IntPtr libc) && NativeLibrary.TryGetExport(libc, "mallopt", out IntPtr mallopt))
        {
            unsafe
            {
                var call = (delegate* unmanaged<int, int, int>)mallopt;
                _ = call(MmapThreshold, 32 << 20);
                _ = call(TrimThreshold, int.MaxValue);
            }
        }
    }

    /// <summary>Removes the shared trained model's folder (hundreds of MB) when the test run ends.</summary>
    [AssemblyCleanup]
    public static void RemoveSharedModel() => TrainedModel.DeleteFiles();
}
