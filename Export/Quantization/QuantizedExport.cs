using AlexNetMl.Contract.IO;
using AlexNetMl.Contract.Model;
using AlexNetMl.Contract.Onnx;
using AlexNetMl.Export.Onnx;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Onnx;
using Tensor = TorchSharp.torch.Tensor;
using static TorchSharp.torch;

namespace AlexNetMl.Export.Quantization;

/// <summary>Which layers of an int8 model are integer.</summary>
public enum Int8Layers
{
    /// <summary>The convolutions (<see cref="ConvQuantizer"/>) and the dense layers (<see cref="DenseQuantizer"/>).</summary>
    ConvolutionsAndDense,

    /// <summary>The dense layers only; the convolutions stay float.</summary>
    Dense,
}

/// <summary>How the int8 model compares with the fp32 module it was made from, on labelled images.</summary>
/// <param name="Images">Images compared.</param>
/// <param name="Agreement">Fraction of images on which both predict the same class.</param>
/// <param name="Fp32Accuracy">Accuracy of the fp32 module (TorchSharp) on them.</param>
/// <param name="Int8Accuracy">Accuracy of the int8 model (ONNX Runtime) on them.</param>
/// <param name="MinimumAgreement">The agreement an export needs.</param>
/// <param name="Layers">Which layers this int8 model runs in integer.</param>
/// <param name="Rejected">The fuller int8 model tried first and refused, when there was one.</param>
public sealed record QuantizationReport(int Images, double Agreement, double Fp32Accuracy, double Int8Accuracy, double MinimumAgreement, Int8Layers Layers = Int8Layers.ConvolutionsAndDense, QuantizationReport? Rejected = null)
{
    /// <summary>Whether the int8 model agrees often enough to be written.</summary>
    public bool Passed => Agreement >= MinimumAgreement;

    /// <summary>Accuracy change in percentage points, int8 minus fp32.</summary>
    public double AccuracyDifferencePoints => (Int8Accuracy - Fp32Accuracy) * 100;

    /// <summary>What is integer, in words.</summary>
    public string LayersDescription => Layers == Int8Layers.Dense ? "int8 dense layers, float convolutions" : "int8 convolutions and dense layers";

    /// <summary>One line for printing.</summary>
    public string Line =>
        $"{LayersDescription}; int8 vs fp32 on {Images:N0} test images: same class for {Agreement:P2} (needs {MinimumAgreement:P1}); accuracy {Int8Accuracy:P2} vs {Fp32Accuracy:P2} ({AccuracyDifferencePoints:+0.00;-0.00;0.00} points)" +
        (Rejected is null ? string.Empty : $"; refused before it: {Rejected.LayersDescription}, same class for only {Rejected.Agreement:P2}");
}

/// <summary>The int8 model disagrees with the fp32 module too often; nothing was written.</summary>
public sealed class QuantizationVerificationException : Exception
{
    public QuantizationVerificationException()
    {
    }

    public QuantizationVerificationException(string message)
        : base(message)
    {
    }

    public QuantizationVerificationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception from a failed report.</summary>
    public QuantizationVerificationException(QuantizationReport report)
        : base($"The int8 model was not written: {report?.Line}.")
    {
        Report = report;
    }

    /// <summary>The figures that failed.</summary>
    public QuantizationReport? Report { get; }
}

/// <summary>Quantizes, verifies and writes the int8 model in one step; nothing is written unless it agrees with fp32.</summary>
public static class QuantizedExport
{
    /// <summary>Argmax agreement with the fp32 module the int8 model needs on the verification images.</summary>
    public const double MinimumAgreement = 0.995;

    /// <summary>
    /// Exports <paramref name="module"/> in int8 (convolutions calibrated on <paramref name="calibration"/>, dense layers
    /// quantized per call), compares it with the fp32 module on <paramref name="batches"/> (images and labels), and
    /// writes it to <paramref name="path"/> only if the two predict the same class on at least
    /// <paramref name="minimumAgreement"/> of the images. When quantizing the convolutions too costs that agreement,
    /// the dense layers alone are tried, under the same test; the report says which was written.
    /// </summary>
    /// <remarks>
    /// A well-trained AlexNet keeps its predictions with int8 convolutions; a barely trained small model, whose classes
    /// are near-ties, may not. Its dense layers still hold most of its weights, so they are worth the int8 file alone.
    /// </remarks>
    /// <exception cref="QuantizationVerificationException">Neither agrees enough; nothing was written.</exception>
    public static QuantizationReport ExportAndVerify(nn.Module<Tensor, Tensor> module, OnnxExportOptions options, string path, IEnumerable<Tensor> calibration, IEnumerable<(Tensor Images, long[] Labels)> batches, double minimumAgreement = MinimumAgreement)
    {
        ArgumentNullException.ThrowIfNull(options);
        ModelProto fp32 = OnnxExporter.ToModel(module, options);
        ModelProto convolutions = ConvQuantizer.QuantizeConvolutions(fp32, ConvQuantizer.Calibrate(fp32, options.Contract, calibration));
        bool anyConvolution = convolutions.Graph.Node.Any(n => n.OpType == ConvQuantizer.Operator);
        byte[] bytes = DenseQuantizer.QuantizeDenseLayers(convolutions).ToByteArray();
        QuantizationReport report = Verify(module, bytes, options.Contract, batches, minimumAgreement) with
        {
            Layers = anyConvolution ? Int8Layers.ConvolutionsAndDense : Int8Layers.Dense,
        };
        if (!report.Passed && anyConvolution)
        {
            bytes = DenseQuantizer.QuantizeDenseLayers(fp32).ToByteArray();
            report = Verify(module, bytes, options.Contract, batches, minimumAgreement) with { Layers = Int8Layers.Dense, Rejected = report };
        }

        if (!report.Passed)
        {
            throw new QuantizationVerificationException(report);
        }

        AtomicFile.WriteAllBytes(path, bytes);
        return report;
    }

    /// <summary>Compares the int8 model in <paramref name="modelBytes"/> with <paramref name="module"/> (eval mode) on labelled batches.</summary>
    public static QuantizationReport Verify(nn.Module<Tensor, Tensor> module, byte[] modelBytes, ModelContract contract, IEnumerable<(Tensor Images, long[] Labels)> batches, double minimumAgreement = MinimumAgreement)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(contract);
        ArgumentNullException.ThrowIfNull(batches);
        using InferenceSession session = OrtSessions.Open(modelBytes);
        bool wasTraining = module.training;
        module.eval();
        int images = 0, agree = 0, fp32Right = 0, int8Right = 0;
        try
        {
            foreach ((Tensor batch, long[] labels) in batches)
            {
                using var scope = NewDisposeScope();
                using var _ = no_grad();
                Tensor input = batch.to(ScalarType.Float32).cpu().contiguous();
                Device device = module.parameters().FirstOrDefault()?.device ?? CPU;
                long[] fp32 = module.forward(input.to(device)).argmax(1).cpu().data<long>().ToArray();
                long[] int8 = Int8Classes(session, contract, input);
                for (int i = 0; i < labels.Length; i++)
                {
                    images++;
                    agree += fp32[i] == int8[i] ? 1 : 0;
                    fp32Right += fp32[i] == labels[i] ? 1 : 0;
                    int8Right += int8[i] == labels[i] ? 1 : 0;
                }
            }
        }
        finally
        {
            module.train(wasTraining);
        }

        if (images == 0)
        {
            throw new ArgumentException("No images to verify the int8 model on.", nameof(batches));
        }

        return new QuantizationReport(images, agree / (double)images, fp32Right / (double)images, int8Right / (double)images, minimumAgreement);
    }

    private static long[] Int8Classes(InferenceSession session, ModelContract contract, Tensor input)
    {
        float[] data = input.data<float>().ToArray();
        long[] shape = input.shape;
        using OrtValue value = OrtValue.CreateTensorValueFromMemory(data, shape);
        using var runOptions = new RunOptions();
        using IDisposableReadOnlyCollection<OrtValue> outputs = session.Run(runOptions, [contract.InputName], [value], [contract.LogitsName]);
        ReadOnlySpan<float> logits = outputs[0].GetTensorDataAsSpan<float>();
        int classes = logits.Length / (int)shape[0];
        long[] best = new long[shape[0]];
        for (int b = 0; b < best.Length; b++)
        {
            ReadOnlySpan<float> row = logits.Slice(b * classes, classes);
            int arg = 0;
            for (int c = 1; c < classes; c++)
            {
                arg = row[c] > row[arg] ? c : arg;
            }

            best[b] = arg;
        }

        return best;
    }
}
