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

        string run = Path.Combine(temp.Path, "20260101-000000");
        Directory.CreateDirectory(run);
        File.WriteAllText(Path.Combine(run, "config.json"), """
            { "run_id": "20260101-000000", "started": "2026-01-01T00:00:00.0000000+00:00",
              "config": { "profile": "cpu", "model": "alexnet", "precision": "bf16", "epochs": 5, "train_limit": 12000 },
              "machine": { "isa": "AVX2", "bf16": false } }
            """);
        File.WriteAllText(Path.Combine(run, "metrics.json"), """{ "micro_accuracy": 0.85, "images": 10000 }""");
        File.WriteAllText(Path.Combine(run, "job.json"), """{ "seconds": 1140, "budget_seconds": 1200 }""");

        Assert.AreEqual(0, BenchProgram.Run(quick: true, markdown, json, TestPaths.DataDirectory, [run]));

        using JsonDocument results = JsonDocument.Parse(File.ReadAllText(json));
        string[] sections = results.RootElement.GetProperty("figures").EnumerateArray().Select(f => f.GetProperty("section").GetString()!).Distinct().ToArray();
        CollectionAssert.IsSubsetOf(new[] { "model", "gemm", "training", "ceilings", "layers", "upsampling", "scoring", "int8", "memory", "latency", "serving", "training under an ISA cap", "ML.NET chain: per-row work by GC setting", "main job" }, sections);
        Assert.IsTrue(results.RootElement.GetProperty("quick").GetBoolean());
        string text = File.ReadAllText(markdown);
        Assert.Contains("--quick", text);
        Assert.Contains("| cores |", text);
        Assert.Contains("alexnet, profile cpu, bf16 on AVX2, 60,000 training images (run 20260101-000000): accuracy on 10,000 test images | 0.850 | fraction | ≥ 0.80 | yes", text);
        Assert.Contains("job time / budget | 0.950 | ratio | ≤ 1.0 | yes", text);
    }
}
