namespace AlexNetMl.Pipeline.Scoring;

/// <summary>
/// Keys of the ONNX model's metadata_props. The training run writes them at export; the pipeline and the classifier
/// read them instead of keeping copies of class names or input sizes.
/// </summary>
public static class ModelMetadataKeys
{
    /// <summary>JSON array of class names, index i = class i of the model's output.</summary>
    public const string ClassNames = "class_names";

    /// <summary>Input height in pixels.</summary>
    public const string InputHeight = "input_height";

    /// <summary>Input width in pixels.</summary>
    public const string InputWidth = "input_width";

    /// <summary>Factor from 8-bit grey levels to model input (1/255: inputs in [0,1]).</summary>
    public const string PixelScale = "pixel_scale";

    /// <summary>Interpolation used to reach the input size in training (bilinear, half-pixel centres).</summary>
    public const string Resize = "resize";

    /// <summary>Id of the training run that produced the weights.</summary>
    public const string RunId = "run_id";

    /// <summary>Hash of the training configuration.</summary>
    public const string ConfigHash = "config_hash";

    /// <summary>Version of the exporter that wrote the file.</summary>
    public const string ExporterVersion = "exporter_version";

    /// <summary>The class names in <paramref name="metadata"/>, or the Fashion-MNIST names when it has none.</summary>
    public static IReadOnlyList<string> ReadClassNames(IReadOnlyDictionary<string, string> metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        return metadata.TryGetValue(ClassNames, out string? json)
            ? System.Text.Json.JsonSerializer.Deserialize<string[]>(json) ?? []
            : Data.FashionMnistClasses.Names;
    }
}
