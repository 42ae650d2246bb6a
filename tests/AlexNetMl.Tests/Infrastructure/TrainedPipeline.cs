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
        IDataView data = mlContext.Data.LoadFashionMnist(SharedData.Test.Take(1));
        var pipeline = FashionScoringPipeline.Create(mlContext, new OnnxScoringOptions { ModelPath = TrainedModel.OnnxPath });
        string path = Path.Combine(Path.GetDirectoryName(TrainedModel.OnnxPath)!, "model.zip");
        pipeline.Save(mlContext, pipeline.Estimator.Fit(data), data.Schema, path);
        return path;
    });

    public static string ModelZip => ZipPath.Value;
}
