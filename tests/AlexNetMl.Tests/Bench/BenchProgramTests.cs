using System.Text.Json;
using AlexNetMl.Bench;
using AlexNetMl.Bench.Recipes;
using AlexNetMl.Contract.Model;
using AlexNetMl.Contract.Programs;
using AlexNetMl.Contract.Runs;
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

        RunFolder folder = RunFolder.CreateAt(Path.Combine(temp.Path, "20260101-000000"));
        var config = new TrainingConfig { Profile = TrainingProfile.Cpu, Model = ModelKind.AlexNet, Precision = TrainingPrecision.Bf16, Epochs = 5, TrainLimit = 12_000 };
        var started = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        RunManifestFile.Write(folder, new RunManifest
        {
            RunId = folder.Id,
            Config = config,
            ConfigHash = config.Hash(),
            Provenance = new RunProvenance("CPU", 2, "data", new SoftwareVersions("10", "0.107", "1"), new TrainingMachine("Linux", 2, "AVX2", Bf16: false), started),
            Metrics = new RunMetrics(10_000, 0.85, 0.85, 0.4, 0.98, "fp32", "CPU", 100),
            Timing = new JobTiming(started, started.AddSeconds(1140), 1140, BudgetSeconds: 1200, PlannedSeconds: 1100),
        });
        string run = folder.Path;

        Assert.AreEqual(0, BenchProgram.Run(quick: true, markdown, json, TestPaths.DataDirectory, [run]));

        using JsonDocument results = JsonDocument.Parse(File.ReadAllText(json));
        string[] sections = results.RootElement.GetProperty("figures").EnumerateArray().Select(f => f.GetProperty("section").GetString()!).Distinct().ToArray();
        CollectionAssert.IsSubsetOf(new[] { "model", "gemm", "training", "ceilings", "layers", "upsampling", "scoring", "int8", "memory", "latency", "serving", "training under an ISA cap", "ML.NET chain: per-row work by GC setting", "warm-up", "main job" }, sections);
        Assert.IsTrue(results.RootElement.GetProperty("quick").GetBoolean());
        string text = File.ReadAllText(markdown);
        Assert.Contains("--quick", text);
        Assert.Contains("| cores |", text);
        Assert.Contains("alexnet, profile cpu, sgd, bf16 on AVX2, 60,000 training images (run 20260101-000000): accuracy on 10,000 test images | 0.850 | fraction | ≥ 0.845 | yes", text);
        Assert.Contains("job time / budget | 0.950 | ratio | 0.93–1.00 | yes", text);
    }

    [TestMethod]
    public void Recipes_AskingAQuestionTheStudyDoesNotHave_IsBadInput_AndWritesNothing()
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        string markdown = temp.File("recipe.md");

        int exit = BenchProgram.RunRecipes(new RecipeRequest(Quick: true, 16, 10, markdown, TestPaths.DataDirectory, ["optimizer", "learning rate"]));

        Assert.AreEqual(ExitCodes.BadInput, exit);
        Assert.IsFalse(File.Exists(markdown));
        Assert.IsFalse(File.Exists(RecipeJournal.PathFor(markdown)));
    }

    [TestMethod]
    public void Only_ReplacesItsSectionAndItsNotes_AndKeepsTheRest()
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        string markdown = temp.File("benchmarks.md");
        string json = temp.File("results.json");
        var earlier = new BenchReport
        {
            Date = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc),
            Quick = false,
            Machine = new Dictionary<string, string> { ["cpu"] = "Earlier CPU" },
            Figures = [new Figure("gemm", "fp32 GEMM", 142, "GFLOP/s"), new Figure("serving", "old serving row", 1, "requests/s"), new Figure("main job", "accuracy", 0.88, "fraction")],
            Notes = ["Serving rows: the old setup.", "Gemm note stays."],
        };
        File.WriteAllText(json, ReportWriter.ToJson(earlier));

        Assert.AreEqual(0, BenchProgram.Run(quick: true, markdown, json, TestPaths.DataDirectory, only: ["serving"]));

        BenchReport merged = ReportWriter.FromJson(File.ReadAllText(json));
        CollectionAssert.AreEqual(new[] { "gemm", "serving", "main job" }, merged.Figures.Select(f => f.Section).Distinct().ToArray(), "sections keep their places");
        Assert.AreEqual(142, merged.Figures.Single(f => f.Section == "gemm").Value);
        Assert.IsFalse(merged.Figures.Any(f => f.Name == "old serving row"));
        Assert.IsTrue(merged.Figures.Any(f => f.Section == "serving" && f.Name.StartsWith("/classify, int8, dynamic batching", StringComparison.Ordinal)));
        CollectionAssert.Contains(merged.Notes.ToList(), "Gemm note stays.");
        Assert.IsFalse(merged.Notes.Contains("Serving rows: the old setup."));
        Assert.AreEqual("serving", merged.PartialRuns.Single().Subjects.Single());
        string text = File.ReadAllText(markdown);
        Assert.Contains("The serving section was re-measured later by `dotnet run -c Release --project bench -- --only serving`", text);
        Assert.Contains("cpu Earlier CPU → ", text, "the machine that differs is named");
    }

    [TestMethod]
    public void Only_WithAnUnknownSubject_Is2WithTheList()
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        using var error = new StringWriter();
        TextWriter original = Console.Error;
        Console.SetError(error);
        try
        {
            Assert.AreEqual(2, BenchProgram.Run(quick: true, temp.File("b.md"), temp.File("r.json"), TestPaths.DataDirectory, only: ["servng"]));
        }
        finally
        {
            Console.SetError(original);
        }

        Assert.Contains("--only 'servng' is not a subject; the subjects are gemm, training,", error.ToString());
    }
}
