using AlexNetMl.Contract.Settings;
using AlexNetMl.Pipeline.Evaluation;
using AlexNetMl.Pipeline.Scoring;
using AlexNetMl.Tests.Infrastructure;
using Microsoft.ML;

namespace AlexNetMl.Tests.Pipeline.Evaluation;

[TestClass]
public sealed class BatchedScorerTests
{
    [TestMethod]
    public void Batched_GivesTheSameMetricsAsTheChain()
    {
        var options = new FashionEvaluationOptions { ModelPath = TrainedModel.OnnxPath, DataDirectory = TestPaths.DataDirectory, Limit = 150, Device = ComputeDevice.Cpu };
        EvaluationReport chain = FashionEvaluator.Run(new MLContext(seed: 0), options);
        options.Scorer = EvaluationScorer.Batched;
        EvaluationReport batched = FashionEvaluator.Run(new MLContext(seed: 0), options);

        Assert.AreEqual(150L, batched.Images);
        Assert.AreEqual(chain.MicroAccuracy, batched.MicroAccuracy);
        Assert.AreEqual(chain.MacroAccuracy, batched.MacroAccuracy);
        Assert.AreEqual(chain.TopKAccuracy, batched.TopKAccuracy);
        for (int t = 0; t < 10; t++)
        {
            CollectionAssert.AreEqual(chain.Confusion[t].ToArray(), batched.Confusion[t].ToArray(), $"confusion row {t}");
        }

        // ONNX Runtime's batch-32 kernels may round the last bits differently from batch 1.
        Assert.AreEqual(chain.LogLoss, batched.LogLoss, 1e-5);
    }

    [TestMethod]
    public void Batched_RejectsAModelZip()
    {
        var options = new FashionEvaluationOptions { ModelPath = TrainedPipeline.ModelZip, DataDirectory = TestPaths.DataDirectory, Limit = 10, Scorer = EvaluationScorer.Batched };
        var error = Assert.ThrowsExactly<OnnxModelException>(() => FashionEvaluator.Run(new MLContext(seed: 0), options));
        Assert.Contains("is an ML.NET model.zip; this scorer runs ONNX Runtime directly", error.Message);
    }
}
