using System.Text.Json;
using AlexNetMl.Contract.Runs;
using AlexNetMl.Training.Planning;

namespace AlexNetMl.Tests.Contract.Runs;

[TestClass]
public sealed class TrainingConfigTests
{
    // Regression: the optimizer setting came after runs and recipe journals keyed by the settings hash. Had it changed an
    // SGD run's hash, no earlier checkpoint would resume and the committed AVX2 journal's 18 trainings would run again.
    // The hash is the one the AVX2 study's journal holds for its start: the SGD recipe the study began from, with the
    // length the study fixes (5 epochs of 3,276 images) and seed 42.
    [TestMethod]
    public void Hash_OfAnSgdRunIsTheOneWrittenBeforeTheOptimizerSettingExisted()
    {
        var studyStart = new TrainingConfig
        {
            Profile = TrainingProfile.Cpu, Epochs = 5, BatchSize = 32, LearningRate = 0.04, Momentum = 0.9, LrSchedule = LrSchedule.Cosine,
            LabelSmoothing = 0.1, TrainLimit = 16_384 / 5, ValidationLimit = 1, Seed = 42,
        };

        Assert.AreEqual("7e24d4dd16402209", studyStart.Hash());
    }

    [TestMethod]
    public void Json_NamesTheOptimizerOnlyWhenItIsAdamW()
    {
        string sgd = JsonSerializer.Serialize(TrainingProfiles.CpuSgd, TrainingConfig.JsonOptions);
        string adamW = JsonSerializer.Serialize(TrainingProfiles.CpuSgd with { Optimizer = TrainingOptimizer.AdamW }, TrainingConfig.JsonOptions);

        Assert.DoesNotContain("\"optimizer\"", sgd);
        Assert.Contains("\"optimizer\": \"adamw\"", adamW);
        Assert.AreEqual(TrainingOptimizer.AdamW, JsonSerializer.Deserialize<TrainingConfig>(adamW, TrainingConfig.JsonOptions)!.Optimizer);
        Assert.AreEqual(TrainingOptimizer.Sgd, JsonSerializer.Deserialize<TrainingConfig>(sgd, TrainingConfig.JsonOptions)!.Optimizer);
        Assert.AreNotEqual(TrainingProfiles.CpuSgd.Hash(), (TrainingProfiles.CpuSgd with { Optimizer = TrainingOptimizer.AdamW }).Hash());
    }

    [TestMethod]
    public void DescribeRecipe_NamesEverySettingOfTheRecipe()
    {
        var adamW = new TrainingConfig
        {
            Optimizer = TrainingOptimizer.AdamW, BatchSize = 32, LearningRate = 3e-4, Momentum = 0.9, LrSchedule = LrSchedule.Cosine, LabelSmoothing = 0.1,
        };
        var sgd = new TrainingConfig
        {
            BatchSize = 24, LearningRate = 0.04, Momentum = 0.9, Nesterov = true, LrSchedule = LrSchedule.Cosine, WarmupFraction = 0.05,
            WeightDecay = 5e-4, Dropout = 0.3, WeightAverage = 0.25,
        };

        Assert.AreEqual(
            "adamw, batch 32, peak lr 0.0003, momentum 0.9, cosine schedule with 0 % warm-up, label smoothing 0.1, weight decay 0, dropout 0.5, no weight average",
            adamW.DescribeRecipe());
        Assert.AreEqual(
            "sgd, batch 24, peak lr 0.04, momentum 0.9 (Nesterov), cosine schedule with 5 % warm-up, label smoothing 0, weight decay 0.0005, dropout 0.3, a weight average over 25 % of the steps",
            sgd.DescribeRecipe());
    }

    [TestMethod]
    public void Validate_RefusesNesterovWithAdamW()
    {
        TrainingConfig config = TrainingProfiles.Cpu with { Optimizer = TrainingOptimizer.AdamW, Nesterov = true };

        var error = Assert.ThrowsExactly<ArgumentException>(config.Validate);
        Assert.Contains("--nesterov", error.Message);
    }
}
