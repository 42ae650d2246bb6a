using AlexNetMl.Build;
using AlexNetMl.Contract.Settings;
using TorchSharp;

namespace AlexNetMl.Export.Libtorch;

/// <summary>Loads TorchSharp's native runtime once and picks the compute device.</summary>
public static class TorchRuntime
{
    private static readonly Lazy<Exception?> LoadFailure = new(TryLoad);

    /// <summary>Throws <see cref="TorchUnavailableException"/> with one clear sentence if libtorch cannot be used.</summary>
    public static void EnsureAvailable()
    {
        if (LoadFailure.Value is { } failure)
        {
            throw new TorchUnavailableException(Explain(failure), failure);
        }
    }

    /// <summary>Whether TorchSharp sees a CUDA device (false when the CPU build of TorchSharp is referenced).</summary>
    public static bool CudaAvailable
    {
        get
        {
            EnsureAvailable();
            return torch.cuda.is_available();
        }
    }

    /// <summary>Resolves a device request; <see cref="ComputeDevice.Cuda"/> without a CUDA device is an error.</summary>
    public static torch.Device ResolveDevice(ComputeDevice requested)
    {
        EnsureAvailable();
        return requested switch
        {
            ComputeDevice.Auto => torch.cuda.is_available() ? torch.CUDA : torch.CPU,
            ComputeDevice.Cpu => torch.CPU,
            ComputeDevice.Cuda when torch.cuda.is_available() => torch.CUDA,
            ComputeDevice.Cuda => throw new ArgumentException(
                "--device cuda was asked for, but TorchSharp sees no CUDA device. This build references TorchSharp-cpu; " +
                "build with -p:TorchSharpCuda=true on a machine with an NVIDIA driver, or use --device cpu."),
            _ => throw new ArgumentException($"Unknown device {requested}; use auto, cpu or cuda."),
        };
    }

    private static Exception? TryLoad()
    {
        try
        {
            using torch.Tensor probe = torch.ones(1);
            return null;
        }
        catch (Exception e) when (e is TypeInitializationException or NotSupportedException or DllNotFoundException or InvalidOperationException)
        {
            return e;
        }
    }

    private static string Explain(Exception failure)
    {
        string detail = string.Join(" ", Flatten(failure).Select(e => e.Message));
        if (detail.Contains("GLIBCXX", StringComparison.Ordinal) || NeedsLibStdCxxPatch())
        {
            return "TorchSharp's native library needs a newer libstdc++ (GLIBCXX_3.4.32, GCC 13) than this machine has. " +
                   "Build with `dotnet build` from this repository, which patches the copied library, or install GCC 13's libstdc++.";
        }

        return "TorchSharp's native library (libtorch) could not be loaded. Run `dotnet build` from this repository so that " +
               "the libtorch-cpu package is restored and copied next to the program, then try again.";
    }

    /// <summary>Whether a copy of libLibTorchSharp.so next to the program still strongly requires a libstdc++ version this machine lacks.</summary>
    private static bool NeedsLibStdCxxPatch()
    {
        const string Version = "GLIBCXX_3.4.32";
        string[] systemLibraries = ["/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/usr/lib/aarch64-linux-gnu/libstdc++.so.6", "/usr/lib64/libstdc++.so.6"];
        if (!OperatingSystem.IsLinux() || systemLibraries.Any(path => File.Exists(path) && ElfVersionPatcher.DefinesVersion(File.ReadAllBytes(path), Version)))
        {
            return false;
        }

        return Directory.EnumerateFiles(AppContext.BaseDirectory, "libLibTorchSharp.so", SearchOption.AllDirectories).Any(path =>
        {
            byte[] library = File.ReadAllBytes(path);
            long flags = ElfVersionPatcher.FindVersionFlagsOffset(library, "libstdc++.so.6", Version);
            return flags >= 0 && (library[flags] & ElfVersionPatcher.VerFlgWeak) == 0;
        });
    }

    private static IEnumerable<Exception> Flatten(Exception e)
    {
        for (Exception? current = e; current is not null; current = current.InnerException)
        {
            yield return current;
        }
    }
}
