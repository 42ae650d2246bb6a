using AlexNetMl.Pipeline.DataView;
using AlexNetMl.Pipeline.IO;
using AlexNetMl.Pipeline.Transforms;
using Microsoft.ML;

namespace AlexNetMl.Pipeline.Scoring;

/// <summary>
/// The scoring chain as ML.NET estimators: <c>UpsampleImages</c> (ImageSharp) → <c>ApplyOnnxModel</c>. Built from what the
/// ONNX file says about itself (<see cref="OnnxModelInfo"/>), on the device <see cref="ScoringDevice"/> picks.
/// </summary>
public sealed class FashionScoringPipeline
{
    private FashionScoringPipeline(OnnxModelInfo model, ScoringDevice device, IEstimator<ITransformer> estimator)
    {
        Model = model;
        Device = device;
        Estimator = estimator;
    }

    /// <summary>The model's interface and metadata.</summary>
    public OnnxModelInfo Model { get; }

    /// <summary>Where scoring runs.</summary>
    public ScoringDevice Device { get; }

    /// <summary>The estimator chain; fitting it only binds schemas (nothing is trained).</summary>
    public IEstimator<ITransformer> Estimator { get; }

    /// <summary>Reads the model and builds the chain.</summary>
    public static FashionScoringPipeline Create(MLContext mlContext, OnnxScoringOptions options)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        OnnxModelInfo model = OnnxModelInfo.Read(options.ModelPath, options.ProbabilitiesName);
        ScoringDevice device = ScoringDevice.Resolve(options.GpuDeviceId, model.Path);
        UpsampleImagesEstimator.RegisterFactories(mlContext);
        IEstimator<ITransformer> chain = mlContext.Transforms.UpsampleImages(new UpsampleImagesOptions
        {
            Height = model.InputHeight,
            Width = model.InputWidth,
            Resampler = options.Resampler,
        });
        if (model.InputName != FashionMnistColumns.Image)
        {
            chain = chain.Append(mlContext.Transforms.CopyColumns(model.InputName, FashionMnistColumns.Image));
        }

        chain = chain.Append(mlContext.Transforms.ApplyOnnxModel(
            outputColumnNames: [model.ProbabilitiesName],
            inputColumnNames: [model.InputName],
            modelFile: model.Path,
            gpuDeviceId: device.GpuDeviceId,
            fallbackToCpu: true));
        return new FashionScoringPipeline(model, device, chain);
    }

    /// <summary>Saves a fitted chain as model.zip (atomically), with its input schema and the ONNX model's metadata.</summary>
    public void Save(MLContext mlContext, ITransformer fitted, DataViewSchema inputSchema, string path)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        var metadata = new Dictionary<string, string>(Model.Metadata)
        {
            [ModelMetadataKeys.ClassNames] = System.Text.Json.JsonSerializer.Serialize(Model.ClassNames),
            [ModelMetadataKeys.InputHeight] = Model.InputHeight.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [ModelMetadataKeys.InputWidth] = Model.InputWidth.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [ProbabilitiesKey] = Model.ProbabilitiesName,
            [DeviceKey] = Device.Description,
        };
        AtomicFile.Write(path, temporary =>
        {
            mlContext.Model.Save(fitted, inputSchema, temporary);
            ModelZipMetadata.Write(temporary, metadata);
        });
    }

    /// <summary>model.zip metadata key: name of the probabilities column.</summary>
    public const string ProbabilitiesKey = "probabilities_column";

    /// <summary>model.zip metadata key: the device the chain was built for.</summary>
    public const string DeviceKey = "scoring_device";

    /// <summary>Loads a model.zip saved by <see cref="Save"/> with what its metadata says about it.</summary>
    public static SavedPipeline LoadSaved(MLContext mlContext, string path)
    {
        ITransformer transformer = Load(mlContext, path, out _);
        IReadOnlyDictionary<string, string> metadata = ModelZipMetadata.Read(path);
        return new SavedPipeline(
            transformer,
            ModelMetadataKeys.ReadClassNames(metadata),
            metadata.GetValueOrDefault(ProbabilitiesKey, FashionMnistColumns.Probabilities),
            metadata.GetValueOrDefault(DeviceKey, "as saved in model.zip"));
    }

    /// <summary>Loads a model.zip saved by <see cref="Save"/> (registers the upsampling factories first).</summary>
    public static ITransformer Load(MLContext mlContext, string path, out DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        if (!File.Exists(path))
        {
            throw new OnnxModelException($"Pipeline file '{path}' not found. Train a model with `dotnet run --project Training`, or pass --model.");
        }

        UpsampleImagesEstimator.RegisterFactories(mlContext);
        try
        {
            return mlContext.Model.Load(path, out inputSchema);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or InvalidDataException)
        {
            throw new OnnxModelException($"'{path}' is not an ML.NET model saved by this project: {e.Message.Split('\n')[0]}", e);
        }
    }
}

/// <summary>A loaded model.zip: the fitted chain and the metadata saved with it.</summary>
/// <param name="Transformer">The chain (upsample + ONNX).</param>
/// <param name="ClassNames">Class names, index i = class i.</param>
/// <param name="ProbabilitiesColumn">Name of the softmax output column.</param>
/// <param name="Device">The device the chain was built for.</param>
public sealed record SavedPipeline(ITransformer Transformer, IReadOnlyList<string> ClassNames, string ProbabilitiesColumn, string Device);
