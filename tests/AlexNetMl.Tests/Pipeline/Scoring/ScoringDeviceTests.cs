using AlexNetMl.Contract.Settings;
using AlexNetMl.Pipeline.Scoring;

namespace AlexNetMl.Tests.Pipeline.Scoring;

[TestClass]
public sealed class ScoringDeviceTests
{
    [TestMethod]
    public void Cpu_NeverProbesCuda()
    {
        ScoringDevice device = ScoringDevice.Resolve(ComputeDevice.Cpu, 0, () => throw new AssertFailedException("driver probed"), _ => throw new AssertFailedException("provider probed"));
        Assert.AreEqual(ScoringDevice.Cpu, device);
    }

    [TestMethod]
    public void Auto_WithoutADriverFallsBackToTheCpuAndSaysWhy()
    {
        ScoringDevice device = ScoringDevice.Resolve(ComputeDevice.Auto, 0, () => false, _ => throw new AssertFailedException("provider probed without a driver"));
        Assert.IsNull(device.GpuDeviceId);
        Assert.AreEqual("CPU (no CUDA driver found)", device.Description);
    }

    [TestMethod]
    public void Auto_WithAFailingProviderFallsBackToTheCpuWithItsError()
    {
        ScoringDevice device = ScoringDevice.Resolve(ComputeDevice.Auto, 1, () => true, id => $"libcudnn missing for GPU {id}");
        Assert.IsNull(device.GpuDeviceId);
        Assert.AreEqual("CPU (CUDA provider failed to start: libcudnn missing for GPU 1)", device.Description);
    }

    [TestMethod]
    public void Auto_WithAWorkingProviderUsesTheRequestedGpu()
    {
        ScoringDevice device = ScoringDevice.Resolve(ComputeDevice.Auto, 1, () => true, _ => null);
        Assert.AreEqual(1, device.GpuDeviceId);
        Assert.AreEqual("CUDA GPU 1", device.Description);
    }

    [TestMethod]
    public void Cuda_WithoutCudaIsABadRequestNotAFallback()
    {
        var error = Assert.ThrowsExactly<ArgumentException>(() => ScoringDevice.Resolve(ComputeDevice.Cuda, 0, () => false, _ => null));
        Assert.Contains("--device cuda", error.Message);
        Assert.Contains("no CUDA driver found", error.Message);
    }

    [TestMethod]
    public void Resolve_OnThisMachineWithoutCudaGivesTheCpu()
    {
        // The test machines have no NVIDIA driver; auto must land on the CPU without printing ONNX Runtime's CUDA error.
        ScoringDevice device = ScoringDevice.Resolve(ComputeDevice.Auto);
        Assert.IsNull(device.GpuDeviceId, device.Description);
    }
}
