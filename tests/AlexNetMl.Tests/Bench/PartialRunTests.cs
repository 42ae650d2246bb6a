using AlexNetMl.Bench;

namespace AlexNetMl.Tests.Bench;

[TestClass]
public sealed class PartialRunTests
{
    // Regression: the drift section's header named `--only warmup --only drift` but not the --drift and --run it also took.
    [TestMethod]
    public void Command_NamesEveryArgumentThatShapedTheFigures()
    {
        var run = new PartialRun(["warmup", "drift"], ["drift"], DateTime.UnixEpoch, new Dictionary<string, string>(), PartialRun.ArgumentsOf(["warmup", "drift"], drift: true, ["runs/a"]));
        Assert.AreEqual("dotnet run -c Release --project bench -- --only warmup --only drift --drift --run runs/a", run.Command);
    }

    [TestMethod]
    public void Command_OfAReportWrittenBeforeArgumentsWereKept_NamesItsSubjects()
    {
        var run = new PartialRun(["serving"], ["serving"], DateTime.UnixEpoch, new Dictionary<string, string>());
        Assert.AreEqual("dotnet run -c Release --project bench -- --only serving", run.Command);
    }
}
