using System.Runtime.InteropServices;

namespace AlexNetMl.Export.Libtorch;

/// <summary>
/// Keeps glibc's allocator from returning libtorch's large tensors to the kernel after every step.
/// </summary>
/// <remarks>
/// glibc serves allocations above its mmap threshold (at most 32 MB) with a fresh mmap and unmaps them on free. A
/// training step of AlexNet allocates and frees hundreds of MB of such tensors (conv1's output alone is 71 MB at batch
/// 64), so every step paid for page faults that zero fresh pages: a quarter of the CPU time went to the kernel.
/// Turning mmap off (M_MMAP_MAX = 0) and raising the trim threshold keeps freed memory in the heap for the next step.
/// bench measures the gain on every run, tuned against glibc's defaults in child processes (docs/benchmarks.md, the
/// ISA-cap rows). The same effect is what
/// PyTorch users get from preloading jemalloc or tcmalloc; this needs no preload. Other C libraries (musl, macOS,
/// Windows) have no mallopt and are left alone.
/// <para>
/// Call it once, first thing in a program's entry point: it changes the allocator of the whole process, and it pays
/// off for allocations made on the main thread (glibc's main arena), where training runs. Threads with their own
/// arenas cannot serve tensors larger than an arena heap (64 MB) without mmap, so a host that trains on pool threads
/// (a test runner) must not call it.
/// </para>
/// </remarks>
public static class TorchAllocator
{
    private const int MTrimThreshold = -1;
    private const int MMmapMax = -4;
    private static int _tuned;

    /// <summary>Whether <see cref="Tune"/> changed the allocator in this process.</summary>
    public static bool Tuned => Volatile.Read(ref _tuned) == 2;

    /// <summary>Set to 1 to keep glibc's default allocator settings.</summary>
    public const string OptOutVariable = "ALEXNETML_DEFAULT_ALLOCATOR";

    /// <summary>Applies the settings once per process (glibc only, unless <see cref="OptOutVariable"/> is 1); later calls do nothing.</summary>
    public static void Tune()
    {
        if (Interlocked.CompareExchange(ref _tuned, 1, 0) != 0 || !OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable(OptOutVariable) == "1")
        {
            return;
        }

        if (GlibcExport("mallopt") is not { } mallopt)
        {
            return;
        }

        unsafe
        {
            var call = (delegate* unmanaged<int, int, int>)mallopt;
            if (call(MMmapMax, 0) == 1 && call(MTrimThreshold, int.MaxValue) == 1)
            {
                Volatile.Write(ref _tuned, 2);
            }
        }
    }

    /// <summary>
    /// Hands the heap's free pages back to the kernel (glibc's <c>malloc_trim(0)</c>), so that the resident set holds
    /// only memory in use; false where the C library is not glibc. With <see cref="Tune"/>'s settings glibc never does
    /// this by itself, so memory freed by an earlier phase stays resident and a peak measured from there counts it.
    /// </summary>
    public static bool ReleaseFreeMemory()
    {
        if (!OperatingSystem.IsLinux() || GlibcExport("malloc_trim") is not { } trim)
        {
            return false;
        }

        unsafe
        {
            _ = ((delegate* unmanaged<nuint, int>)trim)(0);
        }

        return true;
    }

    private static IntPtr? GlibcExport(string name) =>
        NativeLibrary.TryLoad("libc.so.6", out IntPtr libc) && NativeLibrary.TryGetExport(libc, name, out IntPtr export) ? export : null;
}
