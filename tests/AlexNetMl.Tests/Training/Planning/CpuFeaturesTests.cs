using System.Runtime.Intrinsics.X86;
using AlexNetMl.Training.Planning;

namespace AlexNetMl.Tests.Training.Planning;

[TestClass]
public sealed class CpuFeaturesTests
{
    // CPUID leaf 1 signatures of real parts (stepping in the low nibble), with the family and model their vendors publish.
    [TestMethod]
    [DataRow(0x00A10F11, 25, 17)] // AMD EPYC 9004 (Zen 4, Genoa): family 19h, model 11h
    [DataRow(0x00B00F21, 26, 2)] // AMD EPYC 9005 (Zen 5, Turin): family 1Ah, model 02h
    [DataRow(0x000806F8, 6, 143)] // Intel Xeon 4th gen (Sapphire Rapids): family 6, model 8Fh
    [DataRow(0x00000543, 5, 4)] // Intel Pentium MMX: family 5, model 4
    [DataRow(0x000F0543, 5, 4)] // extended bits are ignored below family 6
    public void FamilyAndModel_CombinesTheExtendedFieldsAsTheManualsDo(int eax, int family, int model) =>
        Assert.AreEqual((family, model), CpuFeatures.FamilyAndModel(eax));

    [TestMethod]
    public void ModelName_NamesTheFamilyAndModelLinuxReports()
    {
        if (!X86Base.IsSupported || !File.Exists(CpuFeatures.CpuInfoPath))
        {
            Assert.Inconclusive("needs x86 and Linux's /proc/cpuinfo to compare with");
        }

        string[] lines = File.ReadAllLines(CpuFeatures.CpuInfoPath);
        string Field(string name) => lines.First(l => l.Split(':')[0].Trim() == name).Split(':', 2)[1].Trim();
        Assert.EndsWith($"(family {Field("cpu family")}, model {Field("model")})", CpuFeatures.ModelName);
    }
}
