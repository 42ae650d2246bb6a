using AlexNetMl.Contract.Runs;
using AlexNetMl.Training.Planning;

namespace AlexNetMl.Tests.Training.Planning;

[TestClass]
public sealed class TrainingPlannerTests
{
    // An AVX2-only 2-core machine as measured by the warm-up: 26 training images/s, validation 80/s, ML.NET scoring 30/s.
    internal static readonly MachineRates Avx2 = new(26, 80, 30, ExportSeconds: 20, CheckpointSeconds: 2, "fp32, AVX2");

    internal static PlanRequest Request(double budgetMinutes, double elapsed = 30) =>
        new(budgetMinutes * 60, elapsed, DatasetSize: 60_000, BatchSize: 64, MinEpochs: 5, MaxImages: 600_000, ValidationImages: 1_000, EvaluationImages: 10_000, CheckpointEverySeconds: 300);

    [TestMethod]
    public void Plan_FillsTheBudgetLessItsMarginWithTraining()
    {
        TrainingPlan plan = TrainingPlanner.Plan(Request(20), Avx2);

        // By hand: the rates' spread is 0, so the margin is the least, 3 % of the 1,170 s left after the 30 s elapsed:
        // 35.1 s. 1200 - 35.1 - 30 elapsed - 20 export - 10,000 / 30 = 333.3 evaluation leaves 781.6 s; 5 validations
        // of 1,000 images at 80/s take 62.5 s and 5 checkpoints 10 s: 709.1 s; two periodic checkpoints (709 s / 300 s,
        // floored) cost 2 × 2 s: 705.1 s × 26 images/s = 18,331 images, which in 5 epochs of a multiple of 64 is
        // 5 × 3,648 = 18,240.
        Assert.AreEqual(TrainingPlanner.MinimumMargin, plan.SafetyMargin);
        Assert.AreEqual(5, plan.Epochs);
        Assert.AreEqual(3_648, plan.ImagesPerEpoch);
        Assert.AreEqual(18_240L, plan.TrainingImages);
        Assert.IsFalse(plan.Capped);
        Assert.IsLessThanOrEqualTo(1200 - 35.1 + 1e-6, plan.TotalSeconds, "the plan keeps its margin");
        Assert.IsGreaterThan(1200 - 35.1 - 20, plan.TotalSeconds, "and uses the rest");
    }

    [TestMethod]
    public void Plan_SmallerThanAnEpochSplitsOnePassIntoTheMinimumEpochs()
    {
        TrainingPlan plan = TrainingPlanner.Plan(Request(12), Avx2);
        Assert.AreEqual(5, plan.Epochs);
        Assert.IsLessThan(60_000L, plan.TrainingImages, "less than one pass over the data");
        Assert.AreEqual(0, plan.ImagesPerEpoch % 64, "whole batches");
    }

    [TestMethod]
    public void Plan_OnAMachineFastEnoughForTheBooksRunIsCappedAtIt()
    {
        var fast = new MachineRates(5_000, 20_000, 2_000, 5, 1, "GPU");
        TrainingPlan plan = TrainingPlanner.Plan(Request(20), fast);
        Assert.IsTrue(plan.Capped);
        Assert.AreEqual(600_000L, plan.TrainingImages, "10 epochs of 60,000: the book's run");
        Assert.AreEqual(10, plan.Epochs);
        Assert.AreEqual(60_000, plan.ImagesPerEpoch);
    }

    [TestMethod]
    public void Plan_ABudgetTooSmallForTheFixedCostsIsABadInputSayingWhatWouldFit()
    {
        var error = Assert.ThrowsExactly<TimeBudgetException>(() => TrainingPlanner.Plan(Request(5), Avx2));
        Assert.Contains("A time budget of 5 min 00 s cannot hold a run on this machine (fp32, AVX2)", error.Message);
        Assert.Contains("--time-budget", error.Message);
    }

    [TestMethod]
    public void Plan_WithoutEvaluationHasMoreTrainingThanWithIt()
    {
        TrainingPlan with = TrainingPlanner.Plan(Request(20), Avx2);
        TrainingPlan without = TrainingPlanner.Plan(Request(20) with { EvaluationImages = 0 }, Avx2);
        Assert.IsGreaterThan(with.TrainingImages, without.TrainingImages);
        Assert.AreEqual(0, without.EvaluationSeconds);
    }

    [TestMethod]
    public void Estimate_OfTheBooksRunCostsItsFullLength()
    {
        TrainingPlan estimate = TrainingPlanner.Estimate(Request(20), Avx2, epochs: 10, imagesPerEpoch: 60_000);
        Assert.IsNull(estimate.BudgetSeconds);
        Assert.AreEqual(600_000 / 26.0, estimate.TrainingSeconds, 1e-6);
    }

    [TestMethod]
    public void Plan_HoldsBackTheMeasuredSpreadWithinItsBounds()
    {
        Assert.AreEqual(0.07, TrainingPlanner.Plan(Request(20), Avx2 with { RateSpread = 0.07 }).SafetyMargin);
        Assert.AreEqual(TrainingPlanner.MaximumMargin, TrainingPlanner.Plan(Request(20), Avx2 with { RateSpread = 0.9 }).SafetyMargin);
        Assert.IsLessThan(
            TrainingPlanner.Plan(Request(20), Avx2).TrainingImages,
            TrainingPlanner.Plan(Request(20), Avx2 with { RateSpread = 0.07 }).TrainingImages,
            "a noisier machine plans fewer images");
    }

    [TestMethod]
    public void Plan_IsAPureFunction() => Assert.AreEqual(TrainingPlanner.Plan(Request(20), Avx2), TrainingPlanner.Plan(Request(20), Avx2));
}
