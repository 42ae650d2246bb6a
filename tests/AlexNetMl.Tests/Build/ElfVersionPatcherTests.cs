using AlexNetMl.Build;
using AlexNetMl.Tests.Infrastructure;

namespace AlexNetMl.Tests.Build;

[TestClass]
public sealed class ElfVersionPatcherTests
{
    private const string LibStdCxx = "libstdc++.so.6";
    private const string Version = "GLIBCXX_3.4.32";

    [TestMethod]
    public void MarkVersionWeak_SetsOnlyTheWeakFlagOfThatRequirement()
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        string copy = temp.File("libLibTorchSharp.so");
        File.Copy(TestPaths.PackagedTorchSharpNative, copy);
        byte[] before = File.ReadAllBytes(copy);
        long flagsOffset = ElfVersionPatcher.FindVersionFlagsOffset(before, LibStdCxx, Version);
        Assert.IsGreaterThan(0L, flagsOffset, "the packaged library should require GLIBCXX_3.4.32");
        Assert.AreEqual(0, before[flagsOffset] & ElfVersionPatcher.VerFlgWeak, "the packaged requirement should start out strong");
        DateTime stamp = File.GetLastWriteTimeUtc(copy);

        Assert.AreEqual(ElfPatchOutcome.Patched, ElfVersionPatcher.MarkVersionWeak(copy, LibStdCxx, Version));

        byte[] after = File.ReadAllBytes(copy);
        Assert.HasCount(before.Length, after);
        int[] changed = Enumerable.Range(0, before.Length).Where(i => before[i] != after[i]).ToArray();
        CollectionAssert.AreEqual(new[] { (int)flagsOffset }, changed, "exactly one byte, the low byte of vna_flags, may change");
        Assert.AreEqual(before[flagsOffset] | ElfVersionPatcher.VerFlgWeak, after[flagsOffset]);
        Assert.AreEqual(stamp, File.GetLastWriteTimeUtc(copy), "the timestamp is kept so incremental copies stay quiet");
    }

    [TestMethod]
    public void MarkVersionWeak_IsIdempotent()
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        string copy = temp.File("libLibTorchSharp.so");
        File.Copy(TestPaths.PackagedTorchSharpNative, copy);
        ElfVersionPatcher.MarkVersionWeak(copy, LibStdCxx, Version);
        byte[] once = File.ReadAllBytes(copy);

        Assert.AreEqual(ElfPatchOutcome.AlreadyWeak, ElfVersionPatcher.MarkVersionWeak(copy, LibStdCxx, Version));
        CollectionAssert.AreEqual(once, File.ReadAllBytes(copy));
    }

    [TestMethod]
    public void MarkVersionWeak_LeavesOtherRequirementsAlone()
    {
        byte[] library = File.ReadAllBytes(TestPaths.PackagedTorchSharpNative);
        long other = ElfVersionPatcher.FindVersionFlagsOffset(library, LibStdCxx, "GLIBCXX_3.4.30");
        long target = ElfVersionPatcher.FindVersionFlagsOffset(library, LibStdCxx, Version);
        Assert.IsGreaterThan(0L, other);
        Assert.AreNotEqual(target, other);
        Assert.AreEqual(-1L, ElfVersionPatcher.FindVersionFlagsOffset(library, LibStdCxx, "GLIBCXX_9.9.99"));
    }

    [TestMethod]
    public void MarkVersionWeak_DoesNotWriteAFileThatDoesNotNeedTheVersion()
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        string copy = temp.File("lib.so");
        File.Copy(TestPaths.PackagedTorchSharpNative, copy);
        Assert.AreEqual(ElfPatchOutcome.NotRequired, ElfVersionPatcher.MarkVersionWeak(copy, LibStdCxx, "GLIBCXX_9.9.99"));
        CollectionAssert.AreEqual(File.ReadAllBytes(TestPaths.PackagedTorchSharpNative), File.ReadAllBytes(copy));
    }

    [TestMethod]
    public void FindVersionFlagsOffset_RejectsNonElfAndTruncatedFiles()
    {
        var notElf = Assert.ThrowsExactly<InvalidDataException>(() => ElfVersionPatcher.FindVersionFlagsOffset(new byte[128], LibStdCxx, Version));
        Assert.Contains("not an ELF file", notElf.Message);

        byte[] truncated = File.ReadAllBytes(TestPaths.PackagedTorchSharpNative)[..4096];
        var shortFile = Assert.ThrowsExactly<InvalidDataException>(() => ElfVersionPatcher.FindVersionFlagsOffset(truncated, LibStdCxx, Version));
        Assert.Contains("outside the file", shortFile.Message);
    }

    [TestMethod]
    public void BuildOutput_HasThePatchExactlyWhenThisMachineNeedsIt()
    {
        string system = new[] { "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/usr/lib64/libstdc++.so.6" }.FirstOrDefault(File.Exists)
            ?? throw new AssertInconclusiveException("no system libstdc++ found");
        bool machineHasVersion = ElfVersionPatcher.DefinesVersion(File.ReadAllBytes(system), Version);
        string[] copies = Directory.GetFiles(AppContext.BaseDirectory, "libLibTorchSharp.so", SearchOption.AllDirectories);
        Assert.IsNotEmpty(copies);
        foreach (string copy in copies)
        {
            byte[] bytes = File.ReadAllBytes(copy);
            bool weak = (bytes[ElfVersionPatcher.FindVersionFlagsOffset(bytes, LibStdCxx, Version)] & ElfVersionPatcher.VerFlgWeak) != 0;
            Assert.AreEqual(!machineHasVersion, weak, copy);
        }

        Assert.IsFalse(
            (File.ReadAllBytes(TestPaths.PackagedTorchSharpNative)[ElfVersionPatcher.FindVersionFlagsOffset(File.ReadAllBytes(TestPaths.PackagedTorchSharpNative), LibStdCxx, Version)] & ElfVersionPatcher.VerFlgWeak) != 0,
            "the NuGet cache's copy must never be patched");
    }
}
