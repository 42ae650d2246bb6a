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
    public void Cpu_IsTheRecipeTheStudiesChose_WithTheBudgetTheReadmePromises()
    {
        TrainingConfig cpu = TrainingProfiles.Get(TrainingProfile.Cpu);
        cpu.Validate();
        Assert.AreEqual(TrainingProfiles.Book.Model, cpu.Model, "same network as the book");
        Assert.AreEqual(TrainingProfiles.CpuSgd, cpu with { Optimizer = TrainingOptimizer.Sgd, LearningRate = TrainingProfiles.CpuSgd.LearningRate }, "the SGD recipe but for its optimizer and rate");
        Assert.Contains(Recipe(TrainingProfiles.CpuSgd), Chosen("training-recipe.md"), "docs/training-recipe.md names the SGD recipe the studies start from");
        Assert.Contains($"{SettingNames.Of(cpu.Optimizer)}, {Recipe(cpu)}", Chosen("training-recipe-optimizer.md"), "docs/training-recipe-optimizer.md names the recipe the cpu profile runs");
        Assert.Contains($"{SettingNames.Of(cpu.Optimizer)}, {Recipe(cpu)}", Chosen("training-recipe-avx2-optimizer.md"), "the capped study agrees, so one profile serves both ISAs");
        double minutes = TrainingProfiles.DefaultBudget(TrainingProfile.Cpu)!.Value.TotalMinutes;
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"**{minutes} minutes by default**"), File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "README.md")), "the README states the cpu profile's budget");
    }

    private static string Chosen(string table) =>
        File.ReadAllLines(Path.Combine(TestPaths.RepositoryRoot, "docs", table)).Single(l => l.StartsWith("**Chosen:**", StringComparison.Ordinal));

    private static string Recipe(TrainingConfig c) => string.Create(
        CultureInfo.InvariantCulture,
        $"batch {c.BatchSize}, peak lr {c.LearningRate}, momentum {c.Momentum}, {SettingNames.Of(c.LrSchedule)} schedule with {c.WarmupFraction:0 %} warm-up, label smoothing {c.LabelSmoothing}, weight decay {c.WeightDecay}, dropout {c.Dropout}, {(c.WeightAverage > 0 ? $"a weight average over {c.WeightAverage:0 %} of the steps" : "no weight average")}.");

    [TestMethod]
    public void Get_RejectsAnUnknownProfile() => Assert.ThrowsExactly<ArgumentException>(() => TrainingProfiles.Get((TrainingProfile)9));
}
