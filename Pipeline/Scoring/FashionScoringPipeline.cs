using AlexNetMl.Contract.IO;
using AlexNetMl.Contract.OnnxSessions;
using AlexNetMl.Pipeline.DataView;
using AlexNetMl.Pipeline.Transforms;
using Microsoft.ML.Transforms.Onnx;
using Microsoft.ML;

namespace AlexNetMl.Pipeline.Scoring;

/// <summary>
/// The scoring chain as ML.NET estimators: <c>UpsampleImages</c> (ImageSharp; resize and pixel scale from the model's
/// contract) → <c>ApplyOnnxModel</c>, on the device <see cref="ScoringDevice"/> picked.
/// </summary>
public sealed class FashionScoringPipeline
{
    private FashionScoringPipeline(OnnxModelInfo model, ScoringDevice device, IEstimator<ITransformer> estimator)
    {
        Model = model;
        Device = device;
        Estimator = estimator;
    }

    /// <summary>The model file and its contract.</summary>
    public OnnxModelInfo Model { get; }

    /// <summary>Where scoring runs.</summary>
    public ScoringDevice Device { get; }

    /// <summary>The estimator chain; fitting it only binds schemas (nothing is trained).</summary>
    public IEstimator<ITransformer> Estimator { get; }

    /// <summary>Builds the chain for <paramref name="model"/> on <paramref name="device"/>, threaded for how <paramref name="reader"/> reads it.</summary>
    public static FashionScoringPipeline Create(MLContext mlContext, OnnxModelInfo model, ScoringDevice device, ChainReader reader = ChainReader.Cursor)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(device);
        UpsampleImagesEstimator.RegisterFactories(mlContext);
        IEstimator<ITransformer> chain = mlContext.Transforms.UpsampleImages(UpsampleImagesOptions.For(model.Contract));
        if (model.Contract.InputName != FashionMnistColumns.Image)
        {
            chain = chain.Append(mlContext.Transforms.CopyColumns(model.Contract.InputName, FashionMnistColumns.Image));
        }

        chain = chain.Append(mlContext.Transforms.ApplyOnnxModel(new OnnxOptions
        {
            OutputColumns = [model.Contract.ProbabilitiesName],
            InputColumns = [model.Contract.InputName],
            ModelFile = model.Path,
            GpuDeviceId = device.GpuDeviceId,
            FallbackToCpu = true,
            IntraOpNumThreads = reader == ChainReader.PredictionEngine ? OrtSessions.IntraOpThreads : 1,
        }));
        return new FashionScoringPipeline(model, device, chain);
    }

    /// <summary>Saves a fitted chain as model.zip (atomically), with its input schema and the ONNX model's metadata.</summary>
    public void Save(MLContext mlContext, ITransformer fitted, DataViewSchema inputSchema, string path)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        AtomicFile.WriteVia(path, temporary =>
        {
            mlContext.Model.Save(fitted, inputSchema, temporary);
            ModelZipMetadata.Write(temporary, Model.Metadata);
        });
    }
}
