using System.Globalization;
using System.Text.Json;
using AlexNetMl.Export.Onnx;
using AlexNetMl.Export.Verification;
using AlexNetMl.Pipeline.Data;
using AlexNetMl.Pipeline.Scoring;
using AlexNetMl.Training.Data;
using AlexNetMl.Training.Models;
using Spectre.Console;
using static TorchSharp.torch;

namespace AlexNetMl.Training.Cli;

/// <summary>Exports a trained AlexNet to ONNX with the metadata the pipeline reads, and verifies the file.</summary>
internal static class ModelExport
{
    /// <summary>The main verification batch.</summary>
    public const int VerificationBatch = 32;

    public static ParityReport Run(AlexNet model, string path, string runId, string configHash, FashionMnistDataset? test)
    {
        var options = new OnnxExportOptions { InputShape = [1, AlexNet.InputSide, AlexNet.InputSide] };
        options.Metadata[ModelMetadataKeys.ClassNames] = JsonSerializer.Serialize(FashionMnistClasses.Names);
        options.Metadata[ModelMetadataKeys.InputHeight] = AlexNet.InputSide.ToString(CultureInfo.InvariantCulture);
        options.Metadata[ModelMetadataKeys.InputWidth] = AlexNet.InputSide.ToString(CultureInfo.InvariantCulture);
        options.Metadata[ModelMetadataKeys.PixelScale] = (1.0 / 255).ToString("R", CultureInfo.InvariantCulture);
        options.Metadata[ModelMetadataKeys.Resize] = "bilinear, half-pixel centres (align_corners=false)";
        options.Metadata[ModelMetadataKeys.RunId] = runId;
        options.Metadata[ModelMetadataKeys.ConfigHash] = configHash;
        options.Metadata[ModelMetadataKeys.ExporterVersion] = OnnxExporter.ExporterVersion;

        Func<int, Tensor> inputs;
        string description;
        if (test is not null)
        {
            var upsampler = new BatchUpsampler(test, AlexNet.InputSide, CPU, VerificationBatch);
            int[] indices = Enumerable.Range(0, Math.Min(VerificationBatch, test.Count)).ToArray();
            inputs = batch =>
            {
                (Tensor images, Tensor labels) = upsampler.Batch(indices.AsSpan(0, Math.Min(batch, indices.Length)));
                labels.Dispose();
                return images;
            };
            description = "real test images";
        }
        else
        {
            inputs = OnnxExport.RandomInputs(options.InputShape);
            description = "seeded random inputs";
        }

        ParityReport report = OnnxExport.ExportAndVerify(model, options, path, inputs, description, VerificationBatch);
        AnsiConsole.MarkupLine($"Exported {Markup.Escape(path)} ({new FileInfo(path).Length / 1048576.0:F1} MiB, opset {options.Opset}); verified against TorchSharp on {description}:");
        foreach (string line in report.Lines)
        {
            AnsiConsole.MarkupLine($"  {Markup.Escape(line)}");
        }

        return report;
    }
}
