using AlexNetMl.Bench.Recipes;
using AlexNetMl.Contract.Runs;
using AlexNetMl.Tests.Infrastructure;

namespace AlexNetMl.Tests.Bench;

[TestClass]
public sealed class RecipeJournalTests
{
    private static readonly TrainingConfig Config = new() { BatchSize = 32, LearningRate = 0.04, Seed = 42 };

    [TestMethod]
    public void PathFor_SitsBesideTheTable() =>
        Assert.AreEqual(Path.Combine("docs", "training-recipe-avx2.journal.json"), RecipeJournal.PathFor(Path.Combine("docs", "training-recipe-avx2.md")));

    [TestMethod]
    public void Open_WithoutAFile_IsEmpty_AndWritesNothing()
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        RecipeJournal journal = RecipeJournal.Open(temp.File("j.json"));
        Assert.AreEqual(0, journal.Count);
        Assert.IsFalse(File.Exists(temp.File("j.json")));
    }

    [TestMethod]
    public void Add_SurvivesTheProcess_AndIsFoundByItsKeyOnly()
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        string path = temp.File("sub/j.json");
        string key = RecipeJournal.KeyOf(Config, 5000, "AVX2");
        var training = new RecipeTraining(key, 0.8312, 0.91, 745.5, new DateTime(2026, 12, 3, 1, 2, 3, DateTimeKind.Utc));
        RecipeJournal.Open(path).Add(training);

        RecipeJournal reopened = RecipeJournal.Open(path);
        Assert.AreEqual(1, reopened.Count);
        Assert.AreEqual(training, reopened.Find(key));
        Assert.IsNull(reopened.Find(RecipeJournal.KeyOf(Config with { Seed = 43 }, 5000, "AVX2")));
        Assert.IsEmpty(Directory.GetFiles(temp.File("sub"), "*.tmp*"), "no temporary file is left behind");
    }

    [TestMethod]
    public void KeyOf_TellsApartEverythingThatChangesTheAnswer()
    {
        string key = RecipeJournal.KeyOf(Config, 5000, "AVX2");
        string[] others =
        [
            RecipeJournal.KeyOf(Config with { Seed = 43 }, 5000, "AVX2"),
            RecipeJournal.KeyOf(Config with { BatchSize = 24 }, 5000, "AVX2"),
            RecipeJournal.KeyOf(Config with { Precision = TrainingPrecision.Bf16 }, 5000, "AVX2"),
            RecipeJournal.KeyOf(Config, 10_000, "AVX2"),
            RecipeJournal.KeyOf(Config, 5000, "AVX-512"),
        ];
        Assert.AreEqual(key, RecipeJournal.KeyOf(Config with { }, 5000, "AVX2"));
        Assert.AreEqual(others.Length + 1, others.Append(key).Distinct().Count());
    }

    [TestMethod]
    [DataRow("{ \"version\": 1, \"trainings\": [", DisplayName = "cut short")]
    [DataRow("{ \"version\": 1 }", DisplayName = "no trainings")]
    [DataRow("null", DisplayName = "null")]
    public void Open_ADamagedFile_SaysWhichAndHowToGoOn(string content)
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        string path = temp.File("j.json");
        File.WriteAllText(path, content);
        var e = Assert.ThrowsExactly<RecipeJournalException>(() => RecipeJournal.Open(path));
        StringAssert.Contains(e.Message, path);
        StringAssert.Contains(e.Message, "delete it");
    }

    [TestMethod]
    public void Open_AnotherVersion_IsRefused()
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        string path = temp.File("j.json");
        File.WriteAllText(path, "{ \"version\": 2, \"trainings\": [] }");
        var e = Assert.ThrowsExactly<RecipeJournalException>(() => RecipeJournal.Open(path));
        StringAssert.Contains(e.Message, "version 2");
    }
}
