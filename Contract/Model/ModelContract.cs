using System.Globalization;
using System.Text.Json;
using AlexNetMl.Contract.Programs;
using AlexNetMl.Contract.Settings;

namespace AlexNetMl.Contract.Model;

/// <summary>
/// What a trained model promises to whoever scores it: tensor names, input size, how to turn 8-bit grey levels into its
/// input (pixel scale, resize), its class names and the name serving engines know it by. The exporter writes it into the
/// ONNX file's metadata (<see cref="ToMetadata"/>); every scorer reads it back from the file (<see cref="FromMetadata"/>)
/// and applies it, so nothing that scores keeps its own copy of a name or a size.
/// </summary>
public sealed record ModelContract
{
    /// <summary>The contract version this build writes, and the only one it reads: no earlier one was ever released.</summary>
    public const int CurrentVersion = 2;

    /// <summary>Default name of the image input tensor.</summary>
    public const string DefaultInputName = "image";

    /// <summary>Default name of the raw-score output.</summary>
    public const string DefaultLogitsName = "logits";

    /// <summary>Default name of the softmax output.</summary>
    public const string DefaultProbabilitiesName = "probabilities";

    /// <summary>Default model name, the same as the Triton model folder written by <c>export --triton</c>.</summary>
    public const string DefaultModelName = "alexnet_fmnist";

    /// <summary>The most classes a contract allows.</summary>
    public const int MaxClasses = 1000;

    /// <summary>Grey level 255 becomes 1.0: the book's <c>ToTensor</c>.</summary>
    public const double DefaultPixelScale = 1.0 / 255;

    /// <summary>Contract version of the file.</summary>
    public int Version { get; init; } = CurrentVersion;

    /// <summary>Name of the model for serving engines.</summary>
    public string ModelName { get; init; } = DefaultModelName;

    /// <summary>The network's family name (<c>--model</c>): alexnet, alexnet-small, alexnet-28, lenet, lenet-relu-dropout.</summary>
    public string Architecture { get; init; } = "alexnet";

    /// <summary>Name of the input tensor [N, C, H, W] float.</summary>
    public string InputName { get; init; } = DefaultInputName;

    /// <summary>Name of the logits output [N, classes] float.</summary>
    public string LogitsName { get; init; } = DefaultLogitsName;

    /// <summary>Name of the softmax output [N, classes] float.</summary>
    public string ProbabilitiesName { get; init; } = DefaultProbabilitiesName;

    /// <summary>Input channels (1: Fashion-MNIST is grey).</summary>
    public int InputChannels { get; init; } = 1;

    /// <summary>Input height in pixels.</summary>
    public required int InputHeight { get; init; }

    /// <summary>Input width in pixels.</summary>
    public required int InputWidth { get; init; }

    /// <summary>Factor from an 8-bit grey level to a model input value.</summary>
    public double PixelScale { get; init; } = DefaultPixelScale;

    /// <summary>How a 28×28 image reaches <see cref="InputHeight"/>×<see cref="InputWidth"/>.</summary>
    public required ResizeMethod Resize { get; init; }

    /// <summary>Class names, index i = output i.</summary>
    public required IReadOnlyList<string> ClassNames { get; init; }

    /// <summary>How the weights are stored.</summary>
    public ModelWeights Weights { get; init; } = ModelWeights.Fp32;

    /// <summary>Number of classes: the width of both outputs.</summary>
    public int ClassCount => ClassNames.Count;

    /// <summary>The input shape without the batch dimension: [C, H, W].</summary>
    public IReadOnlyList<long> InputShape => [InputChannels, InputHeight, InputWidth];

    /// <summary>Throws <see cref="ModelContractException"/> naming the first field that is not valid.</summary>
    public void Validate()
    {
        Require(Version == CurrentVersion, ModelMetadataKeys.ContractVersion, $"version {Version} is not one this build reads (it reads {CurrentVersion})");
        foreach ((string key, string value) in new[] { (ModelMetadataKeys.ModelName, ModelName), (ModelMetadataKeys.Architecture, Architecture), (ModelMetadataKeys.InputName, InputName), (ModelMetadataKeys.LogitsName, LogitsName), (ModelMetadataKeys.ProbabilitiesName, ProbabilitiesName) })
        {
            Require(!string.IsNullOrWhiteSpace(value) && !value.Any(char.IsControl), key, "must be a non-empty name without control characters");
        }

        Require(InputName != LogitsName && InputName != ProbabilitiesName && LogitsName != ProbabilitiesName, ModelMetadataKeys.InputName, "the input and the two outputs must have different names");
        Require(InputChannels is > 0 and <= 16, ModelMetadataKeys.InputChannels, $"must be between 1 and 16 (got {InputChannels})");
        Require(InputHeight is > 0 and <= 4096, ModelMetadataKeys.InputHeight, $"must be between 1 and 4096 pixels (got {InputHeight})");
        Require(InputWidth is > 0 and <= 4096, ModelMetadataKeys.InputWidth, $"must be between 1 and 4096 pixels (got {InputWidth})");
        Require(double.IsFinite(PixelScale) && PixelScale > 0, ModelMetadataKeys.PixelScale, $"must be a positive number (got {PixelScale})");
        Require(Enum.IsDefined(Resize), ModelMetadataKeys.Resize, $"unknown resize method {Resize}");
        Require(Enum.IsDefined(Weights), ModelMetadataKeys.Weights, $"unknown weight format {Weights}");
        Require(ClassNames is { Count: >= 2 and <= MaxClasses }, ModelMetadataKeys.ClassNames, $"must list 2 to {MaxClasses} classes (got {ClassNames?.Count ?? 0})");
        IReadOnlyList<string> names = ClassNames ?? [];
        for (int i = 0; i < names.Count; i++)
        {
            Require(!string.IsNullOrWhiteSpace(names[i]), ModelMetadataKeys.ClassNames, $"class {i} has an empty name");
        }

        Require(names.Distinct(StringComparer.Ordinal).Count() == names.Count, ModelMetadataKeys.ClassNames, "class names must be distinct");
    }

    /// <summary>The metadata_props entries that carry this contract.</summary>
    public IReadOnlyDictionary<string, string> ToMetadata()
    {
        Validate();
        return new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            [ModelMetadataKeys.ContractVersion] = Version.ToString(CultureInfo.InvariantCulture),
            [ModelMetadataKeys.ModelName] = ModelName,
            [ModelMetadataKeys.Architecture] = Architecture,
            [ModelMetadataKeys.InputName] = InputName,
            [ModelMetadataKeys.LogitsName] = LogitsName,
            [ModelMetadataKeys.ProbabilitiesName] = ProbabilitiesName,
            [ModelMetadataKeys.InputChannels] = InputChannels.ToString(CultureInfo.InvariantCulture),
            [ModelMetadataKeys.InputHeight] = InputHeight.ToString(CultureInfo.InvariantCulture),
            [ModelMetadataKeys.InputWidth] = InputWidth.ToString(CultureInfo.InvariantCulture),
            [ModelMetadataKeys.PixelScale] = PixelScale.ToString("R", CultureInfo.InvariantCulture),
            [ModelMetadataKeys.Resize] = SettingNames.Of(Resize),
            [ModelMetadataKeys.ClassNames] = JsonSerializer.Serialize(ClassNames),
            [ModelMetadataKeys.Weights] = SettingNames.Of(Weights),
        };
    }

    /// <summary>
    /// Reads and validates the contract in a model's metadata. <paramref name="source"/> (the file) starts every error
    /// message. Control characters are removed from class names, so they can be printed safely.
    /// </summary>
    /// <exception cref="ModelContractException">A field is missing, unparsable or out of range; the message names it.</exception>
    public static ModelContract FromMetadata(IReadOnlyDictionary<string, string> metadata, string source)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        try
        {
            int version = ReadInt(metadata, ModelMetadataKeys.ContractVersion);
            var contract = new ModelContract
            {
                Version = version,
                ModelName = metadata.GetValueOrDefault(ModelMetadataKeys.ModelName, DefaultModelName),
                Architecture = metadata.GetValueOrDefault(ModelMetadataKeys.Architecture, "alexnet"),
                InputName = metadata.GetValueOrDefault(ModelMetadataKeys.InputName, DefaultInputName),
                LogitsName = metadata.GetValueOrDefault(ModelMetadataKeys.LogitsName, DefaultLogitsName),
                ProbabilitiesName = metadata.GetValueOrDefault(ModelMetadataKeys.ProbabilitiesName, DefaultProbabilitiesName),
                InputChannels = metadata.ContainsKey(ModelMetadataKeys.InputChannels) ? ReadInt(metadata, ModelMetadataKeys.InputChannels) : 1,
                InputHeight = ReadInt(metadata, ModelMetadataKeys.InputHeight),
                InputWidth = ReadInt(metadata, ModelMetadataKeys.InputWidth),
                PixelScale = metadata.ContainsKey(ModelMetadataKeys.PixelScale) ? ReadDouble(metadata, ModelMetadataKeys.PixelScale) : DefaultPixelScale,
                Resize = SettingNames.Parse<ResizeMethod>(Required(metadata, ModelMetadataKeys.Resize), $"'{ModelMetadataKeys.Resize}'"),
                ClassNames = ReadClassNames(metadata),
                Weights = metadata.TryGetValue(ModelMetadataKeys.Weights, out string? weights) ? SettingNames.Parse<ModelWeights>(weights, $"'{ModelMetadataKeys.Weights}'") : ModelWeights.Fp32,
            };
            contract.Validate();
            return contract;
        }
        catch (Exception e) when (e is ModelContractException or ArgumentException)
        {
            throw new ModelContractException($"{source}: model metadata {TerminalText.Clean(e.Message)}", e);
        }
    }

    private static int ReadInt(IReadOnlyDictionary<string, string> metadata, string key) =>
        int.TryParse(Required(metadata, key), NumberStyles.Integer, CultureInfo.InvariantCulture, out int value)
            ? value
            : throw new ModelContractException($"'{key}' must be an integer (got '{Shorten(metadata[key])}')");

    private static double ReadDouble(IReadOnlyDictionary<string, string> metadata, string key) =>
        double.TryParse(Required(metadata, key), NumberStyles.Float, CultureInfo.InvariantCulture, out double value)
            ? value
            : throw new ModelContractException($"'{key}' must be a number (got '{Shorten(metadata[key])}')");

    private static string[] ReadClassNames(IReadOnlyDictionary<string, string> metadata)
    {
        string json = Required(metadata, ModelMetadataKeys.ClassNames);
        string[]? names;
        try
        {
            names = JsonSerializer.Deserialize<string[]>(json);
        }
        catch (JsonException e)
        {
            throw new ModelContractException($"'{ModelMetadataKeys.ClassNames}' must be a JSON array of strings ({e.Message.Split('.')[0]})", e);
        }

        return names?.Select(name => TerminalText.Clean(name ?? string.Empty).Trim()).ToArray()
            ?? throw new ModelContractException($"'{ModelMetadataKeys.ClassNames}' must be a JSON array of strings (got null)");
    }

    private static string Required(IReadOnlyDictionary<string, string> metadata, string key) =>
        metadata.TryGetValue(key, out string? value) ? value : throw new ModelContractException($"has no '{key}' entry");

    private static string Shorten(string text) => TerminalText.Clean(text.Length > 40 ? text[..40] + "…" : text);

    private static void Require(bool condition, string key, string problem)
    {
        if (!condition)
        {
            throw new ModelContractException($"'{key}' {problem}");
        }
    }
}
