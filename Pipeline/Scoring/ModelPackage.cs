using AlexNetMl.Contract.Settings;
using AlexNetMl.Pipeline.DataView;
using Microsoft.ML;

namespace AlexNetMl.Pipeline.Scoring;

/// <summary>
/// Packages an ONNX model as the ML.NET chain apps load (model.zip): the upsampling transform and
/// <c>ApplyOnnxModel</c>, fitted to the dataset's schema, with the model's metadata inside.
/// </summary>
public static class ModelPackage
{
    /// <summary>Builds the chain over <paramref name="onnxPath"/> and saves it, atomically, as <paramref name="zipPath"/>.</summary>
    /// <exception cref="OnnxModelException">The file is not an ONNX model of this project's contract.</exception>
    public static void Save(MLContext mlContext, string onnxPath, string zipPath)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        // The device only matters for scoring; ML.NET does not store it, so packaging never needs a GPU.
        using LoadedModel model = ModelLoader.Load(mlContext, onnxPath, ComputeDevice.Cpu);
        FashionScoringPipeline pipeline = model.Pipeline
            ?? throw new OnnxModelException($"'{onnxPath}' is already a packaged model.zip; package the model.onnx it was built from.");
        pipeline.Save(mlContext, model.Transformer, FashionMnistDataView.Empty.Schema, zipPath);
    }
}
