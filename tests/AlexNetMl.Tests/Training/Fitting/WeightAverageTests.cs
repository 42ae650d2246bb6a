using AlexNetMl.Contract.Model;
using AlexNetMl.Contract.Runs;
using AlexNetMl.Pipeline.Data;
using AlexNetMl.Tests.Infrastructure;
using AlexNetMl.Training.Checkpoints;
using AlexNetMl.Training.Cli;
using AlexNetMl.Training.Data;
using AlexNetMl.Training.Fitting;
using AlexNetMl.Training.Models;
using Microsoft.ML.OnnxRuntime;
using static TorchSharp.torch;

namespace AlexNetMl.Tests.Training.Fitting;

[TestClass]
public sealed class WeightAverageTests
{
    // LeNet trains in well under a second on 64 images; the average's logic does not depend on the model.
    private static readonly TrainingConfig Averaged = new()
    {
        Model = ModelKind.LeNet,
        Epochs = 2,
        BatchSize = 16,
        TrainLimit = 64,
        ValidationLimit = 32,
        LearningRate = 0.05,
        Momentum = 0.9,
        LrSchedule = LrSchedule.Cosine,
        WeightAverage = 0.5,
        Seed = 11,
    };

    [TestMethod]
    [DataRow(0L, 1000L, 0.2, 0.1, DisplayName = "first update: (1 + 0) / (10 + 0)")]
    [DataRow(90L, 1000L, 0.2, 91.0 / 100, DisplayName = "still warming: 91 / 100 < 1 - 1/200")]
    [DataRow(5000L, 1000L, 0.2, 0.995, DisplayName = "steady: 1 - 1 / (0.2 × 1000)")]
    [DataRow(5000L, 4L, 0.1, 0.0, DisplayName = "a span under one step keeps only the newest weights")]
    public void DecayAt_WarmsUpThenSpansItsShareOfTheRun(long updates, long totalSteps, double span, double expected) =>
        Assert.AreEqual(expected, WeightAverage.DecayAt(updates, totalSteps, span), 1e-12);

    [TestMethod]
    public void Update_FoldsTheWeightsInWithTheDecayOfEachStep()
    {
        using FashionModel source = NewLeNet();
        Fill(source, 0);
        using var average = new WeightAverage(source, NewLeNet(), span: 0.2);

        // By hand, over a 1,000-step run: decay 0.1 at the first update, then min(0.995, 2/11).
        Fill(source, 1);
        average.Update(step: 0, totalSteps: 1000);
        AssertAll(average.Model, 0.9f);
        Fill(source, 2);
        average.Update(step: 1, totalSteps: 1000);
        AssertAll(average.Model, 0.9f + (9f / 11 * 1.1f));
        Assert.IsFalse(average.Model.training, "the average is only ever evaluated");
    }

    [TestMethod]
    public void Run_ValidatesTheAverageAndResumesItExactly()
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        using var straight = new Trainer(Averaged, SharedData.Train, SharedData.Test, CPU);
        straight.Run(temp.File("straight.bin"), CancellationToken.None);
        Assert.AreNotSame(straight.Model, straight.Result);
        Assert.IsFalse(SameWeights(straight.Model, straight.Result), "the average is not the last weights");
        (double _, double accuracy) = Validation.Evaluate(straight.Result, straight.Spec.Contract, SharedData.Test.Take(Averaged.ValidationLimit), Averaged.EvaluationBatchSize, CPU);
        Assert.AreEqual(accuracy, straight.State.History.Epochs[^1].ValidationAccuracy, "the epoch's validation scores the average");

        string checkpoint = temp.File("interrupted.bin");
        using (var stop = new CancellationTokenSource())
        using (var interrupted = new Trainer(Averaged, SharedData.Train, SharedData.Test, CPU))
        {
            stop.Cancel();
            Assert.AreEqual(TrainingOutcome.Interrupted, interrupted.Run(checkpoint, stop.Token), "stops after the first batch");
        }

        using var resumed = new Trainer(Averaged, SharedData.Train, SharedData.Test, CPU);
        resumed.Resume(checkpoint);
        resumed.Run(checkpoint, CancellationToken.None);
        Assert.IsTrue(SameWeights(straight.Model, resumed.Model), "weights differ after resuming");
        Assert.IsTrue(SameWeights(straight.Result, resumed.Result), "the average differs after resuming");
    }

    [TestMethod]
    public void Export_WritesTheAveragedWeights()
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        using var trainer = new Trainer(Averaged, SharedData.Train, SharedData.Test, CPU);
        string checkpoint = temp.File(Checkpoint.FileName);
        trainer.Run(checkpoint, CancellationToken.None);

        using FashionModel loaded = NewLeNet();
        Checkpoint.LoadTrained(checkpoint, loaded);
        Assert.IsTrue(SameWeights(trainer.Result, loaded), "the checkpoint's trained weights are the average");

        string onnx = temp.File("model.onnx");
        Assert.AreEqual(0, TrainingCli.Run(["export", "--checkpoint", checkpoint, "--out", onnx], TextWriter.Null));
        using Tensor images = new BatchUpsampler(SharedData.Test, trainer.Spec.Contract, CPU, 8).Batch([0, 1, 2, 3, 4, 5, 6, 7]).Images;
        float[] exported = OnnxLogits(onnx, trainer.Spec.Contract, images);
        Assert.IsLessThan(1e-4, MaxDifference(exported, Logits(trainer.Result, images)), "ONNX Runtime reproduces the average");
        Assert.IsGreaterThan(1e-2, MaxDifference(exported, Logits(trainer.Model, images)), "and not the last raw weights");
    }

    private static FashionModel NewLeNet() => ModelCatalog.Create(ModelKind.LeNet, FashionMnistClasses.Count, 0.5);

    private static void Fill(FashionModel model, float value)
    {
        using var _ = no_grad();
        foreach (var parameter in model.parameters())
        {
            parameter.fill_(value);
        }
    }

    private static void AssertAll(FashionModel model, float expected)
    {
        foreach (var parameter in model.parameters())
        {
            Assert.IsTrue(parameter.allclose(full_like(parameter, expected), rtol: 0, atol: 1e-6), $"expected every weight at {expected}");
        }
    }

    private static bool SameWeights(FashionModel a, FashionModel b) =>
        a.parameters().Zip(b.parameters()).All(pair => pair.First.allclose(pair.Second, rtol: 0, atol: 0));

    private static float[] Logits(FashionModel model, Tensor images)
    {
        using var _ = no_grad();
        model.eval();
        using Tensor logits = model.forward(images);
        return logits.data<float>().ToArray();
    }

    private static float[] OnnxLogits(string path, ModelContract contract, Tensor images)
    {
        using var session = new InferenceSession(path);
        float[] input = images.data<float>().ToArray();
        using var value = OrtValue.CreateTensorValueFromMemory(input, images.shape);
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, [contract.InputName], [value], [contract.LogitsName]);
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }

    private static double MaxDifference(float[] a, float[] b) => a.Zip(b).Max(pair => Math.Abs(pair.First - pair.Second));
}
