using System.Text.Json;
using AlexNetMl.Contract.Runs;
using AlexNetMl.Training.Planning;

namespace AlexNetMl.Tests.Contract.Runs;

[TestClass]
public sealed class TrainingConfigTests
{
    // Regression: the optimizer setting came after runs and recipe journals keyed by the settings hash. Had it changed an
    // SGD run's hash, no earlier checkpoint would resume and the committed AVX2 journal's 18 trainings would run again.
    // The hash is the one the AVX2 study's journal holds for its start (the cpu profile as the study fixes it, seed 42).
    [TestMethod]
    public void Hash_OfAnSgdRunIsTheOneWrittenBeforeTheOptimizerSettingExisted()
    {
        TrainingConfig studyStart = TrainingProfiles.Cpu with { Epochs = 5, TrainLimit = 16_384 / 5, ValidationLimit = 1, Seed = 42 };

        Assert.AreEqual("7e24d4dd16402209", studyStart.Hash());
    }

    [TestMethod]
    public void Json_NamesTheOptimizerOnlyWhenItIsAdamW()
    {
        string sgd = JsonSerializer.Serialize(TrainingProfiles.Cpu, TrainingConfig.JsonOptions);
        string adamW = JsonSerializer.Serialize(TrainingProfiles.Cpu with { Optimizer = TrainingOptimizer.AdamW }, TrainingConfig.JsonOptions);

        Assert.DoesNotContain("\"optimizer\"", sgd);
        Assert.Contains("\"optimizer\": \"adamw\"", adamW);
        Assert.AreEqual(TrainingOptimizer.AdamW, JsonSerializer.Deserialize<TrainingConfig>(adamW, TrainingConfig.JsonOptions)!.Optimizer);
        Assert.AreEqual(TrainingOptimizer.Sgd, JsonSerializer.Deserialize<TrainingConfig>(sgd, TrainingConfig.JsonOptions)!.Optimizer);
        Assert.AreNotEqual(TrainingProfiles.Cpu.Hash(), (TrainingProfiles.Cpu with { Optimizer = TrainingOptimizer.AdamW }).Hash());
    }

    [TestMethod]
    public void Validate_RefusesNesterovWithAdamW()
    {
        TrainingConfig config = TrainingProfiles.Cpu with { Optimizer = TrainingOptimizer.AdamW, Nesterov = true };

        var error = Assert.ThrowsExactly<ArgumentException>(config.Validate);
        Assert.Contains("--nesterov", error.Message);
    }
}
