using AlexNetMl.Contract.Runs;
using AlexNetMl.Training.Fitting;
using AlexNetMl.Training.Planning;

namespace AlexNetMl.Tests.Training.Planning;

[TestClass]
public sealed class ReplannerTests
{
    // The plan of TrainingPlannerTests' AVX2 machine: 26 training images/s at the warm-up; a 20-minute budget plans 5
    // epochs of 3,648 images in batches of 64 (worked by hand there).
    private static readonly TrainingPlan Plan = TrainingPlanner.Plan(TrainingPlannerTests.Request(20), TrainingPlannerTests.Avx2);

    private static readonly EpochLayout Planned = EpochLayout.Uniform(Plan.Epochs, Plan.ImagesPerEpoch, 64, 60_000);

    // Epoch 2, 20 batches in: 3,648 + 1,280 = 4,928 images trained, at the planned pace 30 + 4,928 / 26 + one epoch end
    // (12.5 s validation + 2 s checkpoint) = 234 s of the job gone.
    private static ReplanInput At(double measured, EpochLayout? layout = null) =>
        new(Plan, layout ?? Planned, Epoch: 2, BatchesDone: 20, StepsDone: 57 + 20, JobSeconds: 234, MeasuredImagesPerSecond: measured, IntervalSeconds: 120, PlannedImagesPerSecond: 26, CheckpointEverySeconds: 300);

    [TestMethod]
    public void Plan_IsWhatTheseTestsAssume() => Assert.AreEqual(5 * 3_648L, Planned.TotalImages);

    [TestMethod]
    public void Slowdown_ShortensTheRunSoThatItsProjectedFinishIsTheBudget()
    {
        Replan replan = Replanner.Decide(At(13))!;

        Assert.IsNotNull(replan);
        Assert.AreEqual(18_240L, replan.OldImages);
        Assert.IsLessThan(18_240L, replan.NewImages);
        // Projected finish at 13 images/s: the job so far, the images left, the 4 epoch ends left, export and evaluation.
        // It must land on the budget less the margin on the time left (1200 - 0.03 × 966 = 1171 s), short of it by at
        // most the whole batches each of the 4 epochs left may round away and a periodic checkpoint.
        double target = 1200 - (Plan.SafetyMargin * (1200 - 234));
        double projected = Projected(replan, 13);
        Assert.IsLessThanOrEqualTo(target, projected);
        Assert.IsGreaterThan(target - ((4 * 64 / 13.0) + 2), projected);
        StringAssert.Contains(replan.Reason, "training ran at 13.0 images/s over the last 2 min 00 s, slower than the 26.0 planned with");
    }

    [TestMethod]
    public void SpeedUp_LengthensTheRunToTheBudget()
    {
        Replan replan = Replanner.Decide(At(52))!;
        Assert.IsGreaterThan(18_240L, replan.NewImages);
        double target = 1200 - (Plan.SafetyMargin * (1200 - 234));
        Assert.IsLessThanOrEqualTo(target, Projected(replan, 52));
        Assert.IsGreaterThan(target - ((4 * 64 / 52.0) + 2), Projected(replan, 52));
    }

    [TestMethod]
    public void SpeedUp_StopsAtTheProfilesCeiling()
    {
        Replan replan = Replanner.Decide(At(1e6))!;
        Assert.IsLessThanOrEqualTo(TrainingProfiles.CeilingImages(60_000), replan.NewImages);
        Assert.IsGreaterThan(TrainingProfiles.CeilingImages(60_000) - (11 * 64), replan.NewImages, "the book's 10 passes, less what whole batches round away");
        Assert.IsTrue(replan.ImagesPerEpoch.All(images => images <= 60_000), "no epoch longer than a pass");
        StringAssert.EndsWith(replan.Reason, "capped at the profile's ceiling");
    }

    [TestMethod]
    public void RePlanningOnTheSameFacts_ChangesNothing()
    {
        Replan replan = Replanner.Decide(At(13))!;
        var layout = new EpochLayout(replan.ImagesPerEpoch, 64, 60_000);
        Assert.IsNull(Replanner.Decide(At(13, layout)), "a re-planned run measured at the rate it was re-planned with keeps its length");
    }

    [TestMethod]
    public void AFixedLengthRun_IsNeverRePlanned() =>
        Assert.IsNull(Replanner.Decide(At(13) with { Plan = Plan with { BudgetSeconds = null } }));

    [TestMethod]
    public void RecordsWhereAndWhen()
    {
        Replan replan = Replanner.Decide(At(13))!;
        Assert.AreEqual(77L, replan.AtStep);
        Assert.AreEqual(2, replan.Epoch);
        Assert.AreEqual(234, replan.JobSeconds);
        Assert.AreEqual(3_648, replan.ImagesPerEpoch[0], "the trained epoch stays");
    }

    private static double Projected(Replan replan, double rate)
    {
        long done = 3_648 + (20 * 64);
        int epochEndsLeft = replan.ImagesPerEpoch.Count - 1;
        double training = (replan.NewImages - done) / rate;
        double periodic = Math.Floor(training / 300) * 2;
        return 234 + training + periodic + (epochEndsLeft * (12.5 + 2)) + 20 + (10_000 / 30.0);
    }
}
