using AlexNetMl.Contract.Settings;
using AlexNetMl.Pipeline.DataView;
using AlexNetMl.Pipeline.Scoring;
using Microsoft.ML;

namespace AlexNetMl.Tests.Infrastructure;

/// <summary>The shared trained model's fitted ML.NET chain, saved once as model.zip.</summary>
internal static class TrainedPipeline
{
    private static readonly Lazy<string> ZipPath = new(() =>
    {
        var mlContext = new MLContext();
        using LoadedModel model = ModelLoader.Load(mlContext, TrainedModel.OnnxPath, ComputeDevice.Cpu);
        string path = Path.Combine(Path.GetDirectoryName(TrainedModel.OnnxPath)!, "model.zip");
        model.Pipeline!.Save(mlContext, model.Transformer, FashionMnistDataView.Empty.Schema, path);
        return path;
    });

    public static string ModelZip => ZipPath.Value;
}
