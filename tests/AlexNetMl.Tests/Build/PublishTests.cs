using AlexNetMl.Contract.Programs;
using AlexNetMl.Tests.Infrastructure;

namespace AlexNetMl.Tests.Build;

/// <summary>
/// The project is tested on Linux, but its users are also on Windows x64 and macOS arm64: publishing for those runtimes
/// restores and builds, and the output carries the native ONNX Runtime and libtorch it will load there.
/// </summary>
[TestClass]
public sealed class PublishTests
{
    [TestMethod]
    [DataRow("win-x64", "onnxruntime.dll", "torch_cpu.dll", "LibTorchSharp.dll")]
    [DataRow("osx-arm64", "libonnxruntime.dylib", "libtorch_cpu.dylib", "libLibTorchSharp.dylib")]
    public void Publish_ForAnotherRuntime_CarriesItsNativeLibraries(string runtime, string onnxRuntime, string libtorch, string torchSharp)
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        string project = Path.Combine(TestPaths.RepositoryRoot, "Training", "AlexNetMl.Training.csproj");
        string output = temp.File("publish");

        // Its own artifacts folder, so the repository's obj/ and bin/ (and the tests running from them) are not touched.
        (int exit, string log) = ChildProgram.Run(
            "dotnet",
            ["publish", project, "-c", "Release", "-r", runtime, "--self-contained", "false", "--artifacts-path", temp.File("artifacts"), "-o", output, "-nologo"],
            environment: null,
            TimeSpan.FromMinutes(8),
            TestPaths.RepositoryRoot);

        Assert.AreEqual(0, exit, log);
        foreach (string library in new[] { onnxRuntime, libtorch, torchSharp })
        {
            Assert.IsTrue(File.Exists(Path.Combine(output, library)), $"{runtime}: {library} is in the published output");
        }

        Assert.IsTrue(File.Exists(Path.Combine(output, "alexnet-train.dll")));
    }
}
