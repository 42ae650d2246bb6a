using AlexNetMl.Contract.Model;
using AlexNetMl.Inference.Classification;
using AlexNetMl.Inference.Serving.Scoring;
using AlexNetMl.Pipeline.Transforms;
using AlexNetMl.Tests.Infrastructure;

namespace AlexNetMl.Tests.Inference.Serving.Scoring;

/// <summary>
/// The served session on the trained AlexNet: an image scored inside a batch, at any position, gets exactly the answer
/// it gets alone, which is what lets the batcher merge requests; and that answer is the classifier's.
/// </summary>
[TestClass]
public sealed class OnnxInferenceTests
{
    [TestMethod]
    public void AnImageInABatch_GetsBitForBitItsAnswerAlone_AndTheClassifiersProbabilities()
    {
        using var classifier = new FashionClassifier(new FashionClassifierOptions { ModelPath = TrainedModel.OnnxPath });
        ModelContract contract = classifier.Contract;
        using var session = new OnnxInference(TrainedModel.OnnxPath, contract);
        const int Batch = 7;
        float[] images = new float[Batch * session.ImageSize];
        for (int i = 0; i < Batch; i++)
        {
            ImageUpsampler.ToModelInput(SharedData.Test.Image(i), images.AsSpan(i * session.ImageSize, session.ImageSize), contract);
        }

        ScoredImages together = session.Score(images, Batch);
        for (int i = 0; i < Batch; i++)
        {
            ScoredImages alone = session.Score(images[(i * session.ImageSize)..((i + 1) * session.ImageSize)], 1);
            ScoredImages row = together.Slice(i, 1);
            CollectionAssert.AreEqual(alone.Logits, row.Logits, $"image {i}: logits");
            CollectionAssert.AreEqual(alone.Probabilities, row.Probabilities, $"image {i}: probabilities");
            float[] expected = [.. classifier.Predict(SharedData.Test.Image(i)).Probabilities];
            for (int c = 0; c < expected.Length; c++)
            {
                Assert.AreEqual(expected[c], alone.Probabilities[c], 1e-5f, $"image {i}, class {c}: the ML.NET chain's answer");
            }
        }
    }
}
