using System.Reflection;

namespace AlexNetMl.Tests.Infrastructure;

/// <summary>Paths the tests need: the repository, its shipped data, and scratch folders.</summary>
internal static class TestPaths
{
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string DataDirectory => Path.Combine(RepositoryRoot, "data", "fashion-mnist");

    public static string PackagedTorchSharpNative =>
        typeof(TestPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "TorchSharpNativeInPackage").Value!;

    /// <summary>A new empty folder under the system temp folder, removed when the returned scope is disposed.</summary>
    public static TempFolder NewTempFolder() => new();

    private static string FindRepositoryRoot()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AlexNetMl.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("AlexNetMl.sln not found above the test binaries.");
    }
}

/// <summary>A scratch folder deleted on dispose.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "alexnetml-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A file still mapped by a native library; the temp folder is cleaned by the OS.
        }
    }
}
