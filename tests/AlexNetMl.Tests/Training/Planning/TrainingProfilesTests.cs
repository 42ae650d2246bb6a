using AlexNetMl.Contract.Runs;
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
    public void Cpu_HasATwentyMinuteBudgetAndAValidRecipe()
    {
        Assert.AreEqual(TimeSpan.FromMinutes(20), TrainingProfiles.DefaultBudget(TrainingProfile.Cpu));
        TrainingConfig cpu = TrainingProfiles.Get(TrainingProfile.Cpu);
        cpu.Validate();
        Assert.AreEqual(TrainingProfile.Cpu, cpu.Profile);
        Assert.AreEqual(TrainingProfiles.Book.Model, cpu.Model, "same network as the book");
    }

    [TestMethod]
    public void Get_RejectsAnUnknownProfile() => Assert.ThrowsExactly<ArgumentException>(() => TrainingProfiles.Get((TrainingProfile)9));
}
