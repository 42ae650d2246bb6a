using AlexNetMl.Training.Planning;

namespace AlexNetMl.Tests.Training.Planning;

[TestClass]
public sealed class DurationsTests
{
    [TestMethod]
    [DataRow("20m", 1200)]
    [DataRow("1h30m", 5400)]
    [DataRow("90s", 90)]
    [DataRow("1.5h", 5400)]
    public void Parse_ReadsWhatPeopleWrite(string text, double seconds) => Assert.AreEqual(seconds, Durations.Parse(text, "--x").TotalSeconds, 1e-9);

    [TestMethod]
    [DataRow("20")]
    [DataRow("m")]
    [DataRow("-5m")]
    [DataRow("0s")]
    public void Parse_RejectsAnythingElseNamingTheOption(string text) =>
        Assert.Contains("--time-budget", Assert.ThrowsExactly<ArgumentException>(() => Durations.Parse(text, "--time-budget")).Message);

    [TestMethod]
    public void Format_RoundsToWholeSeconds()
    {
        Assert.AreEqual("45 s", Durations.Format(44.6));
        Assert.AreEqual("12 min 30 s", Durations.Format(750));
        Assert.AreEqual("1 h 05 min", Durations.Format(3900));
    }
}
