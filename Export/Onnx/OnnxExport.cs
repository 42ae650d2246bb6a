using AlexNetMl.Contract.IO;
using AlexNetMl.Export.Verification;
using Google.Protobuf;
using static TorchSharp.torch;

namespace AlexNetMl.Export.Onnx;

/// <summary>Export, verify and write in one step: the file is written only once ONNX Runtime has reproduced TorchSharp.</summary>
public static class OnnxExport
{
    /// <summary>The batch sizes checked besides the main batch.</summary>
    public static IReadOnlyList<int> CheckedBatchSizes { get; } = [1, 7];

    /// <summary>
    /// Exports <paramref name="module"/>, verifies the serialized model on batches of 1, 7 and <paramref name="mainBatch"/>
    /// drawn from <paramref name="inputs"/>, and only then writes it to <paramref name="path"/> (atomically). On a
    /// mismatch nothing is written and <see cref="ExportVerificationException"/> is thrown; a file already at
    /// <paramref name="path"/> is left as it was.
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
        byte[] bytes = OnnxExporter.ToModel(module, options).ToByteArray();
        ParityReport report = ExportVerifier.Verify(module, bytes, inputs, [.. CheckedBatchSizes, mainBatch], inputDescription, options.Contract.InputName, options.Contract.LogitsName);
        if (!report.Passed)
        {
            throw new ExportVerificationException(report);
        }

        AtomicFile.WriteAllBytes(path, bytes);
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
