namespace AlexNetMl.Contract.Model;

/// <summary>
/// Keys of the ONNX model's metadata_props. <see cref="ModelContract.ToMetadata"/> writes the contract's keys at export;
/// <see cref="ModelContract.FromMetadata"/> reads them back wherever a model is scored.
/// </summary>
public static class ModelMetadataKeys
{
    /// <summary>Version of the contract the file was written under.</summary>
    public const string ContractVersion = "contract_version";

    /// <summary>The name serving engines know the model by (Triton's model folder, the v2 protocol's model name).</summary>
    public const string ModelName = "model_name";

    /// <summary>The network's family name, as given to <c>--model</c> (alexnet, lenet, ...).</summary>
    public const string Architecture = "architecture";

    /// <summary>Name of the image input tensor.</summary>
    public const string InputName = "input_name";

    /// <summary>Name of the raw-score output tensor.</summary>
    public const string LogitsName = "logits_name";

    /// <summary>Name of the softmax output tensor.</summary>
    public const string ProbabilitiesName = "probabilities_name";

    /// <summary>JSON array of class names, index i = class i of the model's output.</summary>
    public const string ClassNames = "class_names";

    /// <summary>Input channels.</summary>
    public const string InputChannels = "input_channels";

    /// <summary>Input height in pixels.</summary>
    public const string InputHeight = "input_height";

    /// <summary>Input width in pixels.</summary>
    public const string InputWidth = "input_width";

    /// <summary>Factor from 8-bit grey levels to model input (1/255: inputs in [0,1]).</summary>
    public const string PixelScale = "pixel_scale";

    /// <summary>How a 28×28 dataset image reaches the input size: none, or bilinear with half-pixel centres.</summary>
    public const string Resize = "resize";

    /// <summary>How the weights are stored: fp32, or int8 (see ModelWeights: integer convolutions and dense layers).</summary>
    public const string Weights = "weights";

    /// <summary>Id of the training run that produced the weights (provenance, not part of the contract).</summary>
    public const string RunId = "run_id";

    /// <summary>Hash of the training configuration (provenance).</summary>
    public const string ConfigHash = "config_hash";

    /// <summary>Version of the exporter that wrote the file (provenance).</summary>
    public const string ExporterVersion = "exporter_version";
}
