using AlexNetMl.Contract.Runs;
using AlexNetMl.Tests.Infrastructure;

namespace AlexNetMl.Tests.Contract.Runs;

[TestClass]
public sealed class RunFolderTests
{
    [TestMethod]
    public void Create_NamesTheFolderAfterTheTimeAndPointsLatestAtIt()
    {
        using TempFolder runs = TestPaths.NewTempFolder();
        RunFolder run = RunFolder.Create(runs.Path, new DateTime(2026, 11, 29, 14, 5, 9));
        Assert.AreEqual("20261129-140509", run.Id);
        Assert.AreEqual("20261129-140509", new FileInfo(Path.Combine(runs.Path, RunFolder.LatestName)).LinkTarget);
        Assert.AreEqual(run.Path, RunFolder.Open(Path.Combine(runs.Path, RunFolder.LatestName)).Path);
    }

    [TestMethod]
    public void Create_InTheSameSecondNeverSharesAFolder_Regression()
    {
        using TempFolder runs = TestPaths.NewTempFolder();
        var moment = new DateTime(2026, 1, 1, 0, 0, 0);
        string[] ids = Enumerable.Range(0, 8).AsParallel().Select(_ => RunFolder.Create(runs.Path, moment).Id).ToArray();
        Assert.AreEqual(8, ids.Distinct().Count(), string.Join(", ", ids));
        Assert.IsTrue(new FileInfo(Path.Combine(runs.Path, RunFolder.LatestName)).LinkTarget is string target && ids.Contains(target));
    }

    [TestMethod]
    public void Create_RejectsARunsPathThatIsAFile_Regression()
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        File.WriteAllText(temp.File("runs"), string.Empty);
        var error = Assert.ThrowsExactly<ArgumentException>(() => RunFolder.Create(temp.File("runs"), DateTime.Now));
        Assert.Contains("is a file", error.Message);
    }

    [TestMethod]
    public void Open_RejectsMissingFoldersAndFilesWithAClearMessage()
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        Assert.Contains("does not exist", Assert.ThrowsExactly<DirectoryNotFoundException>(() => RunFolder.Open(temp.File("none"))).Message);
        File.WriteAllText(temp.File("file"), string.Empty);
        Assert.Contains("is a file", Assert.ThrowsExactly<DirectoryNotFoundException>(() => RunFolder.Open(temp.File("file"))).Message);
    }
}
