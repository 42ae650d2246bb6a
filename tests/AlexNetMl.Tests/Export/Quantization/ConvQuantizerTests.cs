using AlexNetMl.Contract.Model;
using AlexNetMl.Contract.OnnxSessions;
using AlexNetMl.Export.Onnx;
using AlexNetMl.Export.Quantization;
using AlexNetMl.Pipeline.Data;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Onnx;
using TorchSharp.Modules;
using static TorchSharp.torch.nn;
using static TorchSharp.torch;

namespace AlexNetMl.Tests.Export.Quantization;

[TestClass]
public sealed class ConvQuantizerTests
{
    private static readonly ModelContract Contract = new()
    {
        Architecture = "test",
        InputHeight = 6,
        InputWidth = 6,
        Resize = ResizeMethod.None,
        ClassNames = FashionMnistClasses.Names,
    };

    [TestMethod]
    public void QuantizeBias_CountsEachBiasInStepsOfInputScaleTimesItsWeightScale()
    {
        int[] values = ConvQuantizer.QuantizeBias([0.5f, -1.0f, 0.0f, 0.00149f], 0.01f, [0.1f, 0.2f, 1f, 0.1f]);
        CollectionAssert.AreEqual(new[] { 500, -500, 0, 1 }, values);
    }

    [TestMethod]
    public void Calibrate_FindsTheLargestInputAndReluOutputOfAKnownConvolution()
    {
        // A 1×1 convolution that doubles its input and subtracts 0.25: on inputs up to 0.75 its ReLU output peaks at 1.25.
        using Sequential model = ConvThenDense(outChannels: 1, kernel: 1);
        using (no_grad())
        {
            model.named_parameters().Single(p => p.name == "conv.weight").parameter.fill_(2f);
            model.named_parameters().Single(p => p.name == "conv.bias").parameter.fill_(-0.25f);
        }

        ModelProto fp32 = OnnxExporter.ToModel(model, new OnnxExportOptions(Contract));
        Tensor images = full(2, 1, 6, 6, 0.1f);
        images[1, 0, 3, 4] = tensor(0.75f);
        IReadOnlyDictionary<string, float> maxima = ConvQuantizer.Calibrate(fp32, Contract, [images]);

        (NodeProto conv, NodeProto relu) = ConvQuantizer.Blocks(fp32.Graph).Single();
        Assert.AreEqual(0.75f, maxima[conv.Input[0]], 1e-6f);
        Assert.AreEqual(1.25f, maxima[relu.Output[0]], 1e-6f);
    }

    [TestMethod]
    public void QuantizeConvolutions_MatchesTheFloatReluOutputWithinItsQuantizationBound()
    {
        random.manual_seed(7);
        using Sequential model = ConvThenDense(outChannels: 4, kernel: 3);
        ModelProto fp32 = OnnxExporter.ToModel(model, new OnnxExportOptions(Contract));
        (NodeProto conv, NodeProto relu) = ConvQuantizer.Blocks(fp32.Graph).Single();
        fp32.Graph.Output.Add(new ValueInfoProto { Name = relu.Output[0], Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float } } });
        Tensor calibration = rand(16, 1, 6, 6);
        IReadOnlyDictionary<string, float> maxima = ConvQuantizer.Calibrate(fp32, Contract, [calibration]);
        ModelProto int8 = ConvQuantizer.QuantizeConvolutions(fp32, maxima);
        CollectionAssert.Contains(int8.Graph.Node.Select(n => n.OpType).ToList(), "QLinearConv");
        CollectionAssert.DoesNotContain(int8.Graph.Node.Select(n => n.OpType).ToList(), "Conv");

        // Error sources: the input rounded to half its step through every weight, each weight rounded to half its
        // step over every input, the bias to half a step of input × weight scale, and the output to half its step.
        float[] weights = model.named_parameters().Single(p => p.name == "conv.weight").parameter.data<float>().ToArray();
        float inputStep = maxima[conv.Input[0]] / ConvQuantizer.ActivationLevels, outputStep = maxima[relu.Output[0]] / ConvQuantizer.ActivationLevels;
        double bound = 0;
        for (int c = 0; c < 4; c++)
        {
            float[] kernel = weights.Skip(c * 9).Take(9).ToArray();
            float weightStep = kernel.Max(Math.Abs) / DenseQuantizer.Levels;
            double channel = (kernel.Sum(Math.Abs) * inputStep / 2) + (9 * maxima[conv.Input[0]] * weightStep / 2) + (inputStep * weightStep / 2) + (outputStep / 2);
            bound = Math.Max(bound, channel);
        }

        // The calibration images themselves: nothing beyond the calibrated ranges is clipped.
        float[] expected = Run(fp32, calibration, relu.Output[0]), actual = Run(int8, calibration, relu.Output[0]);
        Assert.HasCount(expected.Length, actual);
        double worst = expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
        Assert.IsLessThanOrEqualTo(bound * 1.001, worst, $"worst error {worst}, bound {bound}");
        Assert.IsGreaterThan(0, expected.Max(), "the ReLU output is not all zero");
    }

    [TestMethod]
    public void QuantizeConvolutions_LeavesABlockFloatWhenItsInputGoesNegative()
    {
        random.manual_seed(8);
        using Sequential model = ConvThenDense(outChannels: 2, kernel: 3);
        ModelProto fp32 = OnnxExporter.ToModel(model, new OnnxExportOptions(Contract));
        IReadOnlyDictionary<string, float> maxima = ConvQuantizer.Calibrate(fp32, Contract, [rand(4, 1, 6, 6) - 0.5f]);
        ModelProto result = ConvQuantizer.QuantizeConvolutions(fp32, maxima);
        CollectionAssert.AreEqual(fp32.Graph.Node.Select(n => n.OpType).ToList(), result.Graph.Node.Select(n => n.OpType).ToList());
    }

    private static Sequential ConvThenDense(int outChannels, int kernel) => Sequential(
        ("conv", Conv2d(1, outChannels, kernel, padding: kernel / 2)),
        ("relu", ReLU()),
        ("flatten", Flatten()),
        ("fc", Linear(outChannels * 36, FashionMnistClasses.Count)));

    private static float[] Run(ModelProto model, Tensor images, string output)
    {
        using InferenceSession session = OrtSessions.Open(model.ToByteArray());
        using OrtValue value = OrtValue.CreateTensorValueFromMemory(images.data<float>().ToArray(), images.shape);
        using var runOptions = new RunOptions();
        using IDisposableReadOnlyCollection<OrtValue> results = session.Run(runOptions, [Contract.InputName], [value], [output]);
        return results[0].GetTensorDataAsSpan<float>().ToArray();
    }
}
