using AlexNetMl.Contract.IO;
using AlexNetMl.Tests.Infrastructure;

namespace AlexNetMl.Tests.Contract.IO;

[TestClass]
public sealed class AtomicFileTests
{
    [TestMethod]
    public void Write_ReplacesTheFileAndLeavesNoTemporaryFile()
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        string path = temp.File("a.txt");
        AtomicFile.WriteAllText(path, "old");
        AtomicFile.WriteAllText(path, "new");
        Assert.AreEqual("new", File.ReadAllText(path));
        CollectionAssert.AreEqual(new[] { path }, Directory.GetFileSystemEntries(temp.Path));
    }

    [TestMethod]
    public void Write_ThatFailsLeavesTheOldFileAndNoTemporaryFile()
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        string path = temp.File("a.bin");
        AtomicFile.WriteAllBytes(path, [1, 2, 3]);
        Assert.ThrowsExactly<IOException>(() => AtomicFile.Write(path, stream =>
        {
            stream.Write(new byte[100]);
            throw new IOException("disk full");
        }));

        CollectionAssert.AreEqual(new byte[] { 1, 2, 3 }, File.ReadAllBytes(path));
        CollectionAssert.AreEqual(new[] { path }, Directory.GetFileSystemEntries(temp.Path));
    }

    [TestMethod]
    public void WriteVia_GivesATemporaryPathWithTheTargetsExtension()
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        string path = temp.File("plot.png");
        string? given = null;
        AtomicFile.WriteVia(path, temporary =>
        {
            given = temporary;
            File.WriteAllText(temporary, "png");
        });

        Assert.AreEqual(".png", Path.GetExtension(given));
        Assert.AreEqual(temp.Path, Path.GetDirectoryName(given), "same folder, so the rename is atomic");
        Assert.AreEqual("png", File.ReadAllText(path));
        Assert.IsFalse(File.Exists(given));
    }

    [TestMethod]
    public void TemporaryPath_IsUniqueForConcurrentWriters_RegressionForFixedTempNames()
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        string path = temp.File("shared.txt");
        Assert.AreNotEqual(AtomicFile.TemporaryPath(path), AtomicFile.TemporaryPath(path));
        Parallel.For(0, 16, i => AtomicFile.WriteAllText(path, new string((char)('a' + i), 10_000)));
        string content = File.ReadAllText(path);
        Assert.AreEqual(10_000, content.Length);
        Assert.IsTrue(content.All(c => c == content[0]), "one writer's whole content, never a mix");
        CollectionAssert.AreEqual(new[] { path }, Directory.GetFileSystemEntries(temp.Path));
    }

    [TestMethod]
    public void ReplaceSymbolicLink_SwapsTheTargetWithoutTheLinkGoingMissing()
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        Directory.CreateDirectory(temp.File("one"));
        Directory.CreateDirectory(temp.File("two"));
        string link = temp.File("latest");
        AtomicFile.ReplaceSymbolicLink(link, "one");
        Assert.AreEqual("one", new FileInfo(link).LinkTarget);
        AtomicFile.ReplaceSymbolicLink(link, "two");
        Assert.AreEqual("two", new FileInfo(link).LinkTarget);
        Assert.HasCount(3, Directory.GetFileSystemEntries(temp.Path));
    }

    [TestMethod]
    public void Write_RefusesToReplaceAFolder()
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        Directory.CreateDirectory(temp.File("taken"));
        var error = Assert.ThrowsExactly<IOException>(() => AtomicFile.WriteAllText(temp.File("taken"), "x"));
        Assert.Contains("a folder of that name is in the way", error.Message);
    }
}
