using System.Globalization;
using AlexNetMl.Pipeline.Data;
using Microsoft.ML.OnnxRuntime;

namespace AlexNetMl.Pipeline.Scoring;

/// <summary>
/// What the pipeline needs to know about an ONNX classifier, read from the file itself: input name and size, output
/// name and class count, class names and pixel scale from its metadata. Checked against what the pipeline can feed.
/// </summary>
public sealed record OnnxModelInfo
{
    /// <summary>Path of the model file.</summary>
    public required string Path { get; init; }

    /// <summary>Name of the image input.</summary>
    public required string InputName { get; init; }

    /// <summary>Input height.</summary>
    public required int InputHeight { get; init; }

    /// <summary>Input width.</summary>
    public required int InputWidth { get; init; }

    /// <summary>Name of the probabilities output (softmax).</summary>
    public required string ProbabilitiesName { get; init; }

    /// <summary>Class names, index i = output i.</summary>
    public required IReadOnlyList<string> ClassNames { get; init; }

    /// <summary>Factor from grey level to model input.</summary>
    public required double PixelScale { get; init; }

    /// <summary>All metadata_props of the file.</summary>
    public required IReadOnlyDictionary<string, string> Metadata { get; init; }

    /// <summary>Reads and checks the model at <paramref name="path"/>.</summary>
    /// <exception cref="OnnxModelException">The file is missing, not ONNX, or has the wrong input or output shape.</exception>
    public static OnnxModelInfo Read(string path, string probabilitiesName = "probabilities")
    {
        if (!File.Exists(path))
        {
            throw new OnnxModelException($"Model file '{path}' not found. Train one with `dotnet run --project Training`, or pass --model.");
        }

        InferenceSession session;
        try
        {
            using var options = new SessionOptions { LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL };
            session = new InferenceSession(path, options);
        }
        catch (OnnxRuntimeException e)
        {
            throw new OnnxModelException($"'{path}' is not a loadable ONNX model: {e.Message.Split('\n')[0]}", e);
        }

        using (session)
        {
            if (session.InputMetadata.Count != 1)
            {
                throw new OnnxModelException($"'{path}' has {session.InputMetadata.Count} inputs ({string.Join(", ", session.InputMetadata.Keys)}); expected one image input [N,1,H,W] float.");
            }

            (string inputName, NodeMetadata input) = session.InputMetadata.Single();
            int[] inputShape = input.Dimensions;
            if (input.ElementType != typeof(float) || inputShape.Length != 4 || inputShape[1] != 1 || inputShape[2] <= 0 || inputShape[3] <= 0)
            {
                throw new OnnxModelException($"'{path}': input '{inputName}' is [{Shape(inputShape)}] {input.ElementType.Name}; expected [N,1,H,W] Single (one grey channel).");
            }

            if (!session.OutputMetadata.TryGetValue(probabilitiesName, out NodeMetadata? output))
            {
                throw new OnnxModelException($"'{path}' has no output '{probabilitiesName}' (outputs: {string.Join(", ", session.OutputMetadata.Keys)}); expected softmax probabilities [N,{FashionMnistClasses.Count}].");
            }

            int[] outputShape = output.Dimensions;
            if (output.ElementType != typeof(float) || outputShape.Length != 2 || outputShape[1] != FashionMnistClasses.Count)
            {
                throw new OnnxModelException($"'{path}': output '{probabilitiesName}' is [{Shape(outputShape)}] {output.ElementType.Name}; expected [N,{FashionMnistClasses.Count}] Single ({FashionMnistClasses.Count} classes).");
            }

            Dictionary<string, string> metadata = session.ModelMetadata.CustomMetadataMap;
            IReadOnlyList<string> names = ModelMetadataKeys.ReadClassNames(metadata);
            if (names.Count != FashionMnistClasses.Count)
            {
                throw new OnnxModelException($"'{path}': metadata lists {names.Count} class names; expected {FashionMnistClasses.Count}.");
            }

            int height = ReadInt(metadata, ModelMetadataKeys.InputHeight) ?? inputShape[2];
            int width = ReadInt(metadata, ModelMetadataKeys.InputWidth) ?? inputShape[3];
            if (height != inputShape[2] || width != inputShape[3])
            {
                throw new OnnxModelException($"'{path}': metadata says {height}×{width} but the input is [{Shape(inputShape)}].");
            }

            return new OnnxModelInfo
            {
                Path = System.IO.Path.GetFullPath(path),
                InputName = inputName,
                InputHeight = height,
                InputWidth = width,
                ProbabilitiesName = probabilitiesName,
                ClassNames = names,
                PixelScale = metadata.TryGetValue(ModelMetadataKeys.PixelScale, out string? scale) ? double.Parse(scale, CultureInfo.InvariantCulture) : 1.0 / 255,
                Metadata = metadata,
            };
        }
    }

    private static int? ReadInt(Dictionary<string, string> metadata, string key) =>
        metadata.TryGetValue(key, out string? text) ? int.Parse(text, CultureInfo.InvariantCulture) : null;

    private static string Shape(int[] dims) => string.Join(",", dims.Select(d => d < 0 ? "N" : d.ToString(CultureInfo.InvariantCulture)));
}
