using AlexNetMl.Contract.Model;
using AlexNetMl.Pipeline.DataView;
using AlexNetMl.Pipeline.Transforms;
using AlexNetMl.Tests.Infrastructure;
using AlexNetMl.Training.Data;
using Microsoft.ML.Data;
using Microsoft.ML;
using static TorchSharp.torch;

namespace AlexNetMl.Tests.Pipeline.Transforms;

[TestClass]
public sealed class UpsampleImagesEstimatorTests
{
    [TestMethod]
    public void Upsample_MatchesTrainingsBilinearUpsamplerWithinOneGreyLevel()
    {
        const int Images = 50;
        var mlContext = new MLContext();
        IDataView data = mlContext.Data.LoadFashionMnist(SharedData.Test.Take(Images));
        IDataView upsampled = mlContext.Transforms.UpsampleImages(UpsampleImagesOptions.For(OracleModel.Contract())).Fit(data).Transform(data);
        float[][] imageSharp = upsampled.GetColumn<float[]>(FashionMnistColumns.Image).ToArray();

        var torchUpsampler = new BatchUpsampler(SharedData.Test, OracleModel.Contract(), CPU, Images);
        (Tensor images, Tensor labels) = torchUpsampler.Batch(Enumerable.Range(0, Images).ToArray());
        using (images)
        using (labels)
        {
            float[] torch = images.data<float>().ToArray();
            double worst = 0;
            for (int i = 0; i < Images; i++)
            {
                for (int p = 0; p < 224 * 224; p++)
                {
                    worst = Math.Max(worst, Math.Abs(imageSharp[i][p] - torch[(i * 224 * 224) + p]));
                }
            }

            Assert.IsLessThanOrEqualTo(1.0 / 255, worst, $"largest difference {worst * 255:F3} grey levels");
        }
    }

    [TestMethod]
    public void Fit_RejectsAPixelsColumnOfTheWrongTypeNamingColumnAndType()
    {
        var mlContext = new MLContext();
        IDataView data = mlContext.Data.LoadFromEnumerable(new[] { new FloatPixels() });
        var error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => mlContext.Transforms.UpsampleImages(UpsampleImagesOptions.For(OracleModel.Contract())).Fit(data));
        Assert.Contains("Input column 'Pixels' has type Vector<Single, 784>; expected Vector<Byte, 784>", error.Message);
    }

    [TestMethod]
    public void Options_RejectASizeThatCannotBeSaved()
    {
        var error = Assert.ThrowsExactly<ArgumentException>(() => new UpsampleImagesOptions { Side = 100, Resize = ResizeMethod.Bilinear }.Validate());
        Assert.Contains("100×100", error.Message);
        Assert.Contains("224×224 bilinear and 28×28 none", error.Message);
    }

    private sealed class FloatPixels
    {
        [VectorType(784)]
        public float[] Pixels { get; set; } = new float[784];
    }
}
