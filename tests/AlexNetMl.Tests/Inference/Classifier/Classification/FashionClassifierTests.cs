using AlexNetMl.Contract.Model;
using AlexNetMl.Inference.Classification;
using AlexNetMl.Inference.Preprocessing;
using AlexNetMl.Pipeline.DataView;
using AlexNetMl.Pipeline.Transforms;
using AlexNetMl.Tests.Infrastructure;
using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp;

namespace AlexNetMl.Tests.Inference.Classification;

[TestClass]
public sealed class FashionClassifierTests
{
    private static FashionClassifier Create(ImagePreprocessorOptions? images = null) =>
        new(new FashionClassifierOptions { ModelPath = TrainedPipeline.ModelZip, Images = images ?? new ImagePreprocessorOptions() });

    [TestMethod]
    public void Predict_FromRawPixelsEqualsThePipelinesScores()
    {
        using FashionClassifier classifier = Create();
        var mlContext = new MLContext();
        IDataView data = mlContext.Data.LoadFashionMnist(SharedData.Test.Take(5));
        float[][] pipeline = new MLContext().Model.Load(TrainedPipeline.ModelZip, out _).Transform(data).GetColumn<float[]>(FashionMnistColumns.Probabilities).ToArray();

        for (int i = 0; i < 5; i++)
        {
            FashionPrediction prediction = classifier.Predict(SharedData.Test.Image(i));
            CollectionAssert.AreEqual(pipeline[i], prediction.Probabilities.ToArray(), $"image {i}");
            Assert.AreEqual(Array.IndexOf(pipeline[i], pipeline[i].Max()), prediction.ClassIndex);
            Assert.HasCount(3, prediction.Top3);
            Assert.AreEqual(prediction.ClassName, prediction.Top3[0].Name);
            Assert.IsGreaterThanOrEqualTo(prediction.Top3[1].Probability, prediction.Top3[0].Probability);
        }
    }

    [TestMethod]
    public void Predict_IsSafeAndExactUnderConcurrency()
    {
        const int Distinct = 40;
        using FashionClassifier classifier = Create();
        FashionPrediction[] sequential = Enumerable.Range(0, Distinct).Select(i => classifier.Predict(SharedData.Test.Image(i))).ToArray();
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();

        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, thread =>
        {
            for (int n = 0; n < 500; n++)
            {
                int image = ((thread * 500) + n) % Distinct;
                try
                {
                    FashionPrediction prediction = classifier.Predict(SharedData.Test.Image(image));
                    if (!prediction.Probabilities.SequenceEqual(sequential[image].Probabilities))
                    {
                        failures.Add($"thread {thread}, call {n}: image {image} scored differently");
                    }
                }
                catch (Exception e) when (e is InvalidOperationException or ArgumentException or NullReferenceException or IndexOutOfRangeException)
                {
                    failures.Add($"thread {thread}, call {n}: {e.GetType().Name}: {e.Message}");
                }
            }
        });

        Assert.IsEmpty(failures, string.Join("\n", failures.Take(5)));
    }

    [TestMethod]
    public void Predict_FromAPngOfADatasetImageEqualsTheRawPixelPath()
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        using FashionClassifier classifier = Create();
        for (int i = 0; i < 3; i++)
        {
            string png = TestImages.SaveTestImagePng(temp.File($"item{i}.png"), i);

            CollectionAssert.AreEqual(classifier.Predict(SharedData.Test.Image(i)).Probabilities.ToArray(), classifier.Predict(png).Probabilities.ToArray());
        }
    }

    [TestMethod]
    public void Predict_AcceptsJpegAndColourInputsOfAnySize()
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        using FashionClassifier classifier = Create();
        using var colour = new Image<Rgb24>(120, 80, new Rgb24(250, 250, 250));
        for (int y = 20; y < 60; y++)
        {
            for (int x = 40; x < 80; x++)
            {
                colour[x, y] = new Rgb24(180, 30, 30);
            }
        }

        string jpeg = temp.File("shirt.jpg");
        colour.SaveAsJpeg(jpeg);
        FashionPrediction fromJpeg = classifier.Predict(jpeg);
        FashionPrediction fromImage = classifier.Predict(colour);

        // What ONNX Runtime itself says for the same 28×28 grey levels, prepared under the model's contract.
        float[] OnnxRuntime(byte[] pixels)
        {
            ModelContract contract = classifier.Contract;
            float[] input = new float[contract.InputHeight * contract.InputWidth];
            ImageUpsampler.ToModelInput(pixels, input, contract);
            using var session = new InferenceSession(TrainedModel.OnnxPath);
            using OrtValue value = OrtValue.CreateTensorValueFromMemory(input, [1, contract.InputChannels, contract.InputHeight, contract.InputWidth]);
            using IDisposableReadOnlyCollection<OrtValue> outputs = session.Run(new RunOptions(), [contract.InputName], [value], [contract.ProbabilitiesName]);
            return outputs[0].GetTensorDataAsSpan<float>().ToArray();
        }

        var preprocessor = new ImagePreprocessor();
        float[] expectedJpeg = OnnxRuntime(preprocessor.FromFile(jpeg));
        float[] expectedImage = OnnxRuntime(preprocessor.FromImage(colour));
        for (int c = 0; c < expectedJpeg.Length; c++)
        {
            Assert.AreEqual(expectedJpeg[c], fromJpeg.Probabilities[c], 1e-5f, $"JPEG, class {c}");
            Assert.AreEqual(expectedImage[c], fromImage.Probabilities[c], 1e-5f, $"decoded image, class {c}");
        }

        using var stream = File.OpenRead(jpeg);
        CollectionAssert.AreEqual(fromJpeg.Probabilities.ToArray(), classifier.Predict(stream).Probabilities.ToArray(), "a stream scores as the file does");
    }

    [TestMethod]
    public void Predict_AfterDisposeThrows()
    {
        FashionClassifier classifier = Create();
        classifier.Dispose();
        Assert.ThrowsExactly<ObjectDisposedException>(() => classifier.Predict(SharedData.Test.Image(0)));
    }

    [TestMethod]
    public void Create_FromAnOnnxFileWorksToo()
    {
        using var classifier = new FashionClassifier(new FashionClassifierOptions { ModelPath = TrainedModel.OnnxPath });
        using FashionClassifier fromZip = Create();
        CollectionAssert.AreEqual(fromZip.Predict(SharedData.Test.Image(3)).Probabilities.ToArray(), classifier.Predict(SharedData.Test.Image(3)).Probabilities.ToArray());
    }
}
