using AlexNetMl.Export.Quantization;

namespace AlexNetMl.Tests.Export.Quantization;

[TestClass]
public sealed class DenseQuantizerTests
{
    [TestMethod]
    public void Quantize_RoundTripsEveryWeightWithinHalfAScaleStep()
    {
        var random = new Random(5);
        const int Outputs = 37, Inputs = 53;
        float[] weights = Enumerable.Range(0, Outputs * Inputs).Select(_ => (float)((random.NextDouble() - 0.5) * Math.Exp(random.NextDouble() * 4))).ToArray();
        (sbyte[] values, float[] scales) = DenseQuantizer.Quantize(weights, Outputs, Inputs);
        for (int o = 0; o < Outputs; o++)
        {
            float largest = weights.Skip(o * Inputs).Take(Inputs).Max(Math.Abs);
            Assert.AreEqual(largest / DenseQuantizer.Levels, scales[o], 1e-7f, $"row {o}'s scale maps its largest weight to ±{DenseQuantizer.Levels}");
            for (int i = 0; i < Inputs; i++)
            {
                float back = values[(o * Inputs) + i] * scales[o];
                Assert.IsLessThanOrEqualTo(scales[o] / 2 * 1.0001f, Math.Abs(back - weights[(o * Inputs) + i]), $"weight ({o}, {i})");
                Assert.IsLessThanOrEqualTo(DenseQuantizer.Levels, Math.Abs((int)values[(o * Inputs) + i]));
            }
        }
    }
}
