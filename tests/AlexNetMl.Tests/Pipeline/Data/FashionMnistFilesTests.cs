using AlexNetMl.Pipeline.Data;
using AlexNetMl.Tests.Infrastructure;

namespace AlexNetMl.Tests.Pipeline.Data;

[TestClass]
public sealed class FashionMnistFilesTests
{
    [TestMethod]
    public void ResolveDirectory_PrefersTheExplicitOptionThenTheVariable()
    {
        using TempFolder fromOption = TestPaths.NewTempFolder();
        using TempFolder fromVariable = TestPaths.NewTempFolder();
        string? saved = Environment.GetEnvironmentVariable(FashionMnistFiles.DirectoryVariable);
        try
        {
            Environment.SetEnvironmentVariable(FashionMnistFiles.DirectoryVariable, fromVariable.Path);
            Assert.AreEqual(fromOption.Path, FashionMnistFiles.ResolveDirectory(fromOption.Path));
            Assert.AreEqual(fromVariable.Path, FashionMnistFiles.ResolveDirectory(null));

            Environment.SetEnvironmentVariable(FashionMnistFiles.DirectoryVariable, null);
            Assert.AreEqual(Path.GetFullPath(TestPaths.DataDirectory), FashionMnistFiles.ResolveDirectory(null), "the repository's data folder comes next");
        }
        finally
        {
            Environment.SetEnvironmentVariable(FashionMnistFiles.DirectoryVariable, saved);
        }
    }

    [TestMethod]
    public void ResolveDirectory_NamesTheSourceOfAMissingDirectory()
    {
        var error = Assert.ThrowsExactly<DirectoryNotFoundException>(() => FashionMnistFiles.ResolveDirectory("/no/such/dir"));
        Assert.AreEqual("Data directory '/no/such/dir' (from --data) does not exist.", error.Message);
    }

    [TestMethod]
    public void Find_PrefersGzipAndAcceptsUncompressed()
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        File.WriteAllBytes(temp.File("t10k-labels-idx1-ubyte"), [0]);
        Assert.AreEqual(temp.File("t10k-labels-idx1-ubyte"), FashionMnistFiles.Find(temp.Path, "t10k-labels-idx1-ubyte"));
        File.WriteAllBytes(temp.File("t10k-labels-idx1-ubyte.gz"), [0]);
        Assert.AreEqual(temp.File("t10k-labels-idx1-ubyte.gz"), FashionMnistFiles.Find(temp.Path, "t10k-labels-idx1-ubyte"));
    }
}
