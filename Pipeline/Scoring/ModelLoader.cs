using System.Buffers.Binary;
using System.IO.Compression;
using AlexNetMl.Contract.Model;
using AlexNetMl.Contract.Programs;
using AlexNetMl.Contract.Settings;
using AlexNetMl.Pipeline.DataView;
using AlexNetMl.Pipeline.Transforms;
using Microsoft.ML.Data;
using Microsoft.ML;

namespace AlexNetMl.Pipeline.Scoring;

/// <summary>
/// The one way a model file becomes a scoring chain, for the evaluator, the batched scorer and the classifier. It tells
/// an ONNX file from an ML.NET model.zip by content, not by name, and applies the device choice to both.
/// </summary>
public static class ModelLoader
{
    /// <summary>
    /// Loads <paramref name="path"/> (model.onnx or model.zip) to score on <paramref name="device"/>, read as
    /// <paramref name="reader"/> says. A model.zip keeps ML.NET's own ONNX Runtime threading: ML.NET does not store it.
    /// </summary>
    /// <exception cref="OnnxModelException">The file is missing, neither ONNX nor zip, or not a model of this project.</exception>
    /// <exception cref="ModelContractException">Its metadata does not form a valid contract.</exception>
    public static LoadedModel Load(MLContext mlContext, string path, ComputeDevice device = ComputeDevice.Auto, int gpuId = 0, ChainReader reader = ChainReader.Cursor)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ModelFileFormat format = DetectFormat(path);
        ScoringDevice scoring = ScoringDevice.Resolve(device, gpuId);
        return format == ModelFileFormat.Onnx ? LoadOnnx(mlContext, path, scoring, reader) : LoadZip(mlContext, path, scoring);
    }

    /// <summary>Reads an ONNX file's contract and checks its graph, for scorers that run ONNX Runtime directly.</summary>
    /// <exception cref="OnnxModelException">The file is missing or not ONNX (a model.zip is named as such).</exception>
    public static OnnxModelInfo ReadOnnx(string path) =>
        DetectFormat(path) == ModelFileFormat.Onnx
            ? OnnxModelInfo.Read(path)
            : throw new OnnxModelException($"'{path}' is an ML.NET model.zip; this scorer runs ONNX Runtime directly and needs the model.onnx it was built from.");

    /// <summary>
    /// The ONNX model's bytes: the file itself, or for a model.zip the copy ML.NET's ONNX transformer keeps inside it
    /// (an entry named <c>.../OnnxModel</c> holding a 4-byte little-endian length and the model), so a service can run
    /// ONNX Runtime directly on the same graph the chain scores with.
    /// </summary>
    /// <exception cref="OnnxModelException">The file is neither, or the zip holds no ONNX model.</exception>
    public static byte[] ReadOnnxBytes(string path)
    {
        if (DetectFormat(path) == ModelFileFormat.Onnx)
        {
            return File.ReadAllBytes(path);
        }

        using ZipArchive archive = ZipFile.OpenRead(path);
        Span<byte> prefix = stackalloc byte[4];
        foreach (ZipArchiveEntry entry in archive.Entries.Where(e => e.FullName.EndsWith("/OnnxModel", StringComparison.Ordinal) && e.Length > 4))
        {
            using Stream stream = entry.Open();
            stream.ReadExactly(prefix);
            long length = BinaryPrimitives.ReadInt32LittleEndian(prefix);
            if (length == entry.Length - 4)
            {
                byte[] model = new byte[length];
                stream.ReadExactly(model);
                if (ModelFiles.Detect(model) == ModelFileFormat.Onnx)
                {
                    return model;
                }
            }
        }

        throw new OnnxModelException($"'{path}' holds no ONNX model that ML.NET's ONNX transformer saved.");
    }

    /// <summary>The format of <paramref name="path"/>, or a clear error for a missing file or an unknown format.</summary>
    public static ModelFileFormat DetectFormat(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
        {
            throw new OnnxModelException(Directory.Exists(path)
                ? $"'{path}' is a folder; pass the model.onnx or model.zip inside it."
                : $"Model file '{path}' not found. Train one with `dotnet run --project Training`, or pass --model.");
        }

        ModelFileFormat format;
        try
        {
            format = ModelFiles.Detect(path);
        }
        catch (IOException e)
        {
            throw new OnnxModelException($"'{path}' cannot be read: {e.Message}", e);
        }

        return format != ModelFileFormat.Unknown
            ? format
            : throw new OnnxModelException($"'{path}' is neither an ONNX model nor an ML.NET model.zip (its first bytes match neither format).");
    }

    private static LoadedModel LoadOnnx(MLContext mlContext, string path, ScoringDevice device, ChainReader reader)
    {
        OnnxModelInfo model = OnnxModelInfo.Read(path);
        var pipeline = FashionScoringPipeline.Create(mlContext, model, device, reader);
        // Fitting binds the chain to the input schema; nothing is learned, so an empty view of the data's schema will do.
        ITransformer transformer = pipeline.Estimator.Fit(FashionMnistDataView.Empty);
        return new LoadedModel(transformer, model.Contract, device, ModelFileFormat.Onnx, model.Path, pipeline);
    }

    private static LoadedModel LoadZip(MLContext mlContext, string path, ScoringDevice device)
    {
        ModelContract contract = ModelContract.FromMetadata(ReadZipMetadata(path), path);
        UpsampleImagesEstimator.RegisterFactories(mlContext);
        // ML.NET's ONNX transformer takes its device from the context when it is loaded, not from what was saved.
        mlContext.GpuDeviceId = device.GpuDeviceId;
        mlContext.FallbackToCpu = true;
        ITransformer transformer;
        try
        {
            transformer = mlContext.Model.Load(path, out _);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or InvalidDataException or ArgumentException)
        {
            throw new OnnxModelException($"'{path}' is not an ML.NET model saved by this project: {TerminalText.FirstLine(e.Message)}", e);
        }

        CheckOutput(path, transformer, contract);
        return new LoadedModel(transformer, contract, device, ModelFileFormat.Zip, Path.GetFullPath(path), null);
    }

    private static IReadOnlyDictionary<string, string> ReadZipMetadata(string path)
    {
        try
        {
            return ModelZipMetadata.Read(path);
        }
        catch (Exception e) when (e is InvalidDataException or System.Text.Json.JsonException or IOException)
        {
            throw new OnnxModelException($"'{path}' is not an ML.NET model saved by this project: its metadata entry is unreadable ({TerminalText.FirstLine(e.Message)}).", e);
        }
    }

    // A saved chain whose probabilities are not one float per class would score garbage or fail per row.
    private static void CheckOutput(string path, ITransformer transformer, ModelContract contract)
    {
        DataViewSchema schema = transformer.GetOutputSchema(FashionMnistDataView.Empty.Schema);
        DataViewSchema.Column? column = schema.GetColumnOrNull(contract.ProbabilitiesName);
        if (column?.Type is not VectorDataViewType { ItemType: var item, Size: int size } || item != NumberDataViewType.Single || size != contract.ClassCount)
        {
            throw new OnnxModelException(
                $"'{path}': column '{contract.ProbabilitiesName}' is {column?.Type.ToString() ?? "missing"}, but the metadata lists {contract.ClassCount} class names; the class count must equal the output width.");
        }
    }
}
