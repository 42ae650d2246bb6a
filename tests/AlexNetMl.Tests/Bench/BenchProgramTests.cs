using System.Text.Json;
using AlexNetMl.Bench;
using AlexNetMl.Tests.Infrastructure;

namespace AlexNetMl.Tests.Bench;

/// <summary>Checks that the benchmark harness runs every item and writes its files; it asserts no speed figure.</summary>
[TestClass]
public sealed class BenchProgramTests
{
    [TestMethod]
    public void QuickRun_MeasuresEveryItemAndWritesBothFiles()
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        string markdown = temp.File("benchmarks.md");
        string json = temp.File("results.json");

        Assert.AreEqual(0, BenchProgram.Run(quick: true, markdown, json, TestPaths.DataDirectory));

        using JsonDocument results = JsonDocument.Parse(File.ReadAllText(json));
        string[] sections = results.RootElement.GetProperty("figures").EnumerateArray().Select(f => f.GetProperty("section").GetString()!).Distinct().ToArray();
        CollectionAssert.IsSubsetOf(new[] { "model", "gemm", "training", "layers", "upsampling", "scoring", "memory", "latency" }, sections);
        Assert.IsTrue(results.RootElement.GetProperty("quick").GetBoolean());
        string text = File.ReadAllText(markdown);
        Assert.Contains("--quick", text);
        Assert.Contains("| cores |", text);
    }
}
