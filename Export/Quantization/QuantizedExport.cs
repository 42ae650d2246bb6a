using System.Numerics.Tensors;
using AlexNetMl.Contract.IO;
using AlexNetMl.Contract.Model;
using AlexNetMl.Contract.OnnxSessions;
using AlexNetMl.Export.Onnx;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Onnx;
using Tensor = TorchSharp.torch.Tensor;
using static TorchSharp.torch;

namespace AlexNetMl.Export.Quantization;

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
            best[b] = TensorPrimitives.IndexOfMax(logits.Slice(b * classes, classes));
        }

        return best;
    }
}
