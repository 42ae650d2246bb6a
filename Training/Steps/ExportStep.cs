using AlexNetMl.Contract.Runs;
using AlexNetMl.Export.Quantization;
using AlexNetMl.Export.Verification;
using AlexNetMl.Pipeline.Data;
using AlexNetMl.Training.Models;

namespace AlexNetMl.Training.Steps;

/// <summary>
/// Export: writes the run's model.onnx, verified against TorchSharp, and model-int8.onnx, verified against fp32. The
/// int8 model is a by-product: when it misses its agreement test (<paramref name="minimumInt8Agreement"/> of the
/// images' classes) the job goes on without it and says why.
/// </summary>
public sealed class ExportStep(IJobObserver observer, double minimumInt8Agreement = QuantizedExport.MinimumAgreement)
{
    /// <summary>Exports <paramref name="model"/> into <paramref name="run"/>; int8 is calibrated on <paramref name="train"/> and both are verified on <paramref name="test"/>.</summary>
    public ExportResult Run(FashionModel model, RunFolder run, string configHash, FashionMnistDataset train, FashionMnistDataset test)
    {
        ArgumentNullException.ThrowIfNull(run);
        string onnx = run.File(RunFolder.ModelFile);
        ParityReport parity = ModelExport.Run(model, onnx, run.Id, configHash, test);
        ReportFp32(onnx, parity);
        string int8 = run.File(RunFolder.Int8ModelFile);
        try
        {
            QuantizationReport quantization = ModelExport.RunInt8(model, int8, run.Id, configHash, train, test, minimumAgreement: minimumInt8Agreement);
            ReportInt8(int8, quantization);
            return new ExportResult(onnx, parity, new RunModels(RunFolder.ModelFile, RunFolder.Int8ModelFile, quantization.Line));
        }
        catch (QuantizationVerificationException e)
        {
            string why = e.Report?.Line ?? e.Message;
            observer.Note($"{RunFolder.Int8ModelFile} skipped: {why}. Everything else is written; {RunFolder.ModelFile} is the model.");
            return new ExportResult(onnx, parity, new RunModels(RunFolder.ModelFile, Quantized: null, $"skipped: {why}"));
        }
    }

    /// <summary>Says what the fp32 export wrote and how it was verified.</summary>
    public void ReportFp32(string path, ParityReport parity)
    {
        ArgumentNullException.ThrowIfNull(parity);
        observer.Report($"Exported {path} ({FileSizes.Describe(path)}); verified against TorchSharp on {parity.InputDescription}:");
        foreach (string line in parity.Lines)
        {
            observer.Report($"  {line}");
        }
    }

    /// <summary>Says what the int8 export wrote and how it was verified.</summary>
    public void ReportInt8(string path, QuantizationReport quantization)
    {
        ArgumentNullException.ThrowIfNull(quantization);
        observer.Report($"Exported {path} ({FileSizes.Describe(path)}): {quantization.Line}.");
    }
}
