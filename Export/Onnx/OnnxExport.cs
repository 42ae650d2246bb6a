using AlexNetMl.Export.Verification;
using Google.Protobuf;
using Onnx;
using static TorchSharp.torch;

namespace AlexNetMl.Export.Onnx;

/// <summary>Export, write and verify in one step: the file is left in place only if ONNX Runtime reproduces TorchSharp.</summary>
public static class OnnxExport
{
    /// <summary>The batch sizes checked besides the main batch.</summary>
    public static IReadOnlyList<int> CheckedBatchSizes { get; } = [1, 7];

    /// <summary>
    /// Exports <paramref name="module"/> to <paramref name="path"/> (atomically), then verifies it on batches of 1, 7 and
    /// <paramref name="mainBatch"/> drawn from <paramref name="inputs"/>. On failure the file is removed and
    /// <see cref="ExportVerificationException"/> is thrown.
    /// </summary>
    public static ParityReport ExportAndVerify(
        nn.Module<Tensor, Tensor> module,
        OnnxExportOptions options,
        string path,
        Func<int, Tensor> inputs,
        string inputDescription,
        int mainBatch = 32)
    {
        ArgumentNullException.ThrowIfNull(options);
        ModelProto model = OnnxExporter.ToModel(module, options);
        OnnxExporter.Save(model, path);
        ParityReport report;
        try
        {
            report = ExportVerifier.Verify(module, model.ToByteArray(), inputs, [.. CheckedBatchSizes, mainBatch], inputDescription, options.InputName, options.LogitsName);
        }
        catch
        {
            File.Delete(path);
            throw;
        }

        if (!report.Passed)
        {
            File.Delete(path);
            throw new ExportVerificationException(report);
        }

        return report;
    }

    /// <summary>Seeded uniform [0,1) inputs, for when no real images are at hand.</summary>
    public static Func<int, Tensor> RandomInputs(IReadOnlyList<long> inputShape, long seed = 17)
    {
        ArgumentNullException.ThrowIfNull(inputShape);
        return batch =>
        {
            using var generator = new Generator((ulong)(seed + batch));
            return rand([batch, .. inputShape], generator: generator);
        };
    }
}
