using AlexNetMl.Contract.Model;
using AlexNetMl.Export.Onnx;
using AlexNetMl.Export.Quantization;
using AlexNetMl.Export.Verification;
using AlexNetMl.Pipeline.Data;
using AlexNetMl.Training.Data;
using AlexNetMl.Training.Models;
using static TorchSharp.torch;

namespace AlexNetMl.Training.Steps;

/// <summary>Exports a trained model of the family to ONNX under its contract, verified against TorchSharp before it is written.</summary>
public static class ModelExport
{
    /// <summary>The main verification batch.</summary>
    public const int VerificationBatch = 32;

    /// <summary>Test images the int8 model is compared with fp32 on.</summary>
    public const int QuantizationImages = 1_000;

    /// <summary>Training images the int8 convolutions' activation ranges are calibrated on.</summary>
    public const int CalibrationImages = 256;

    /// <summary>
    /// Exports <paramref name="model"/> to <paramref name="path"/>, verifying it on real test images when
    /// <paramref name="test"/> is given, else on seeded random inputs. Nothing is written if verification fails.
    /// </summary>
    /// <exception cref="ExportVerificationException">ONNX Runtime does not reproduce TorchSharp.</exception>
    public static ParityReport Run(FashionModel model, string path, string runId, string configHash, FashionMnistDataset? test)
    {
        ArgumentNullException.ThrowIfNull(model);
        ModelContract contract = ModelCatalog.Get(model.Kind).Contract;
        (Func<int, Tensor> inputs, string description) = VerificationInputs(contract, test);
        return OnnxExport.ExportAndVerify(model, Options(contract, runId, configHash), path, inputs, description, VerificationBatch);
    }

    /// <summary>
    /// Exports <paramref name="model"/> in int8 to <paramref name="path"/>, its convolutions calibrated on the first
    /// <see cref="CalibrationImages"/> of <paramref name="calibration"/> (training images), written only if it predicts
    /// the fp32 model's class on <see cref="QuantizedExport.MinimumAgreement"/> of the first <paramref name="images"/>
    /// test images.
    /// </summary>
    /// <exception cref="QuantizationVerificationException">It does not; nothing was written.</exception>
    public static QuantizationReport RunInt8(FashionModel model, string path, string runId, string configHash, FashionMnistDataset calibration, FashionMnistDataset test, int images = QuantizationImages, double minimumAgreement = QuantizedExport.MinimumAgreement)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(calibration);
        ArgumentNullException.ThrowIfNull(test);
        ModelContract contract = ModelCatalog.Get(model.Kind).Contract;
        IEnumerable<Tensor> calibrationImages = LabelledBatches(contract, calibration.Take(CalibrationImages)).Select(b => b.Images);
        return QuantizedExport.ExportAndVerify(model, Options(contract, runId, configHash), path, calibrationImages, LabelledBatches(contract, test.Take(images)), minimumAgreement);
    }

    /// <summary>The test images under <paramref name="contract"/>, with their labels, in batches of 64.</summary>
    public static IEnumerable<(Tensor Images, long[] Labels)> LabelledBatches(ModelContract contract, FashionMnistDataset images)
    {
        ArgumentNullException.ThrowIfNull(images);
        const int Batch = 64;
        var upsampler = new BatchUpsampler(images, contract, CPU, Batch);
        int[] indices = Enumerable.Range(0, images.Count).ToArray();
        for (int start = 0; start < images.Count; start += Batch)
        {
            (Tensor batch, Tensor labels) = upsampler.Batch(indices.AsSpan(start, Math.Min(Batch, images.Count - start)));
            long[] known = labels.data<long>().ToArray();
            labels.Dispose();
            yield return (batch, known);
        }
    }

    private static OnnxExportOptions Options(ModelContract contract, string runId, string configHash)
    {
        var options = new OnnxExportOptions(contract);
        options.Provenance[ModelMetadataKeys.RunId] = runId;
        options.Provenance[ModelMetadataKeys.ConfigHash] = configHash;
        return options;
    }

    /// <summary>The first test images as model input under <paramref name="contract"/>, or seeded random inputs without a test set.</summary>
    public static (Func<int, Tensor> Inputs, string Description) VerificationInputs(ModelContract contract, FashionMnistDataset? test)
    {
        ArgumentNullException.ThrowIfNull(contract);
        if (test is null || test.Count == 0)
        {
            return (OnnxExport.RandomInputs(contract.InputShape), "seeded random inputs");
        }

        int available = Math.Min(VerificationBatch, test.Count);
        var upsampler = new BatchUpsampler(test, contract, CPU, available);
        int[] indices = Enumerable.Range(0, available).ToArray();
        return (batch => upsampler.Batch(indices.AsSpan(0, Math.Min(batch, available))).Images, "real test images");
    }
}
