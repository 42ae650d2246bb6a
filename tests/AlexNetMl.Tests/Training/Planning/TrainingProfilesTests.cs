using System.Globalization;
using AlexNetMl.Contract.Runs;
using AlexNetMl.Contract.Settings;
using AlexNetMl.Tests.Infrastructure;
using AlexNetMl.Training.Planning;

namespace AlexNetMl.Tests.Training.Planning;

[TestClass]
public sealed class TrainingProfilesTests
{
    [TestMethod]
    public void Book_IsTheChaptersRecipe()
    {
        TrainingConfig book = TrainingProfiles.Get(TrainingProfile.Book);
        Assert.AreEqual((10, 128, 0.01, 0.0, LrSchedule.Constant), (book.Epochs, book.BatchSize, book.LearningRate, book.Momentum, book.LrSchedule));
        Assert.IsNull(book.TrainLimit, "all 60,000 images");
        Assert.IsNull(TrainingProfiles.DefaultBudget(TrainingProfile.Book), "no time budget: the book's run is fixed");
    }

    [TestMethod]
    public void Cpu_IsTheRecipeTheStudyChose_WithTheBudgetTheReadmePromises()
    {
        TrainingConfig cpu = TrainingProfiles.Get(TrainingProfile.Cpu);
        cpu.Validate();
        Assert.AreEqual(TrainingProfiles.Book.Model, cpu.Model, "same network as the book");
        string chosen = File.ReadAllLines(Path.Combine(TestPaths.RepositoryRoot, "docs", "training-recipe.md")).Single(l => l.StartsWith("**Chosen:**", StringComparison.Ordinal));
        string recipe = string.Create(CultureInfo.InvariantCulture, $"batch {cpu.BatchSize}, peak lr {cpu.LearningRate}, momentum {cpu.Momentum}, {SettingNames.Of(cpu.LrSchedule)} schedule with {cpu.WarmupFraction:0 %} warm-up, label smoothing {cpu.LabelSmoothing}, weight decay {cpu.WeightDecay}, dropout {cpu.Dropout}, {(cpu.WeightAverage > 0 ? $"a weight average over {cpu.WeightAverage:0 %} of the steps" : "no weight average")}.");
        Assert.Contains(recipe, chosen, "docs/training-recipe.md names the recipe the cpu profile runs");
        double minutes = TrainingProfiles.DefaultBudget(TrainingProfile.Cpu)!.Value.TotalMinutes;
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"**{minutes} minutes by default**"), File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "README.md")), "the README states the cpu profile's budget");
    }

    [TestMethod]
    public void Get_RejectsAnUnknownProfile() => Assert.ThrowsExactly<ArgumentException>(() => TrainingProfiles.Get((TrainingProfile)9));
}
