using AlexNetMl.Contract.IO;
using AlexNetMl.Tests.Infrastructure;

namespace AlexNetMl.Tests.Contract.IO;

[TestClass]
public sealed class ExclusiveFolderTests
{
    [TestMethod]
    public void TryCreate_SucceedsOnceForManyConcurrentCallers()
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        string path = temp.File("run");
        int winners = 0;
        Parallel.For(0, 32, _ =>
        {
            if (ExclusiveFolder.TryCreate(path))
            {
                Interlocked.Increment(ref winners);
            }
        });

        Assert.AreEqual(1, winners);
        Assert.IsTrue(Directory.Exists(path));
    }

    [TestMethod]
    public void TryCreate_IsFalseWhenAFileHasTheName()
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        File.WriteAllText(temp.File("x"), string.Empty);
        Assert.IsFalse(ExclusiveFolder.TryCreate(temp.File("x")));
    }
}
