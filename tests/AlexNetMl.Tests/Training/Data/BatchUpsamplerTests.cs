using AlexNetMl.Training.Data;
using static TorchSharp.torch;

namespace AlexNetMl.Tests.Training.Data;

[TestClass]
public sealed class BatchUpsamplerTests
{
    [TestMethod]
    public void Upsample_MatchesTheBilinearHalfPixelFormulaOnA2By2Image()
    {
        float[] source = [0.1f, 0.5f, 0.9f, 0.3f];
        using Tensor input = tensor(source, [1, 1, 2, 2]);
        const int Side = 6;

        using Tensor output = BatchUpsampler.Upsample(input, Side);
        float[] actual = output.data<float>().ToArray();

        for (int y = 0; y < Side; y++)
        {
            for (int x = 0; x < Side; x++)
            {
                Assert.AreEqual(Reference(source, 2, x, y, Side), actual[(y * Side) + x], 1e-6, $"pixel ({x},{y})");
            }
        }
    }

    // align_corners=false: output pixel centre (x + 0.5) maps to source (x + 0.5) × in/out − 0.5, clamped at the border.
    private static double Reference(float[] source, int n, int x, int y, int side)
    {
        double Coordinate(int o) => Math.Clamp(((o + 0.5) * n / side) - 0.5, 0, n - 1);
        double sx = Coordinate(x), sy = Coordinate(y);
        int x0 = (int)Math.Floor(sx), y0 = (int)Math.Floor(sy);
        int x1 = Math.Min(x0 + 1, n - 1), y1 = Math.Min(y0 + 1, n - 1);
        double fx = sx - x0, fy = sy - y0;
        double top = (source[(y0 * n) + x0] * (1 - fx)) + (source[(y0 * n) + x1] * fx);
        double bottom = (source[(y1 * n) + x0] * (1 - fx)) + (source[(y1 * n) + x1] * fx);
        return (top * (1 - fy)) + (bottom * fy);
    }
}
