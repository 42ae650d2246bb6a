using AlexNetMl.Contract.Runs;
using AlexNetMl.Training.Checkpoints;
using AlexNetMl.Training.Fitting;
using AlexNetMl.Training.Models;
using AlexNetMl.Training.Steps;
using static TorchSharp.torch;

namespace AlexNetMl.Tests.Infrastructure;

/// <summary>
/// An AlexNet trained briefly (one pass over 1,024 images in 64 momentum-SGD steps) and exported to ONNX once per test run, so that
/// pipeline and classifier tests score a model whose predictions are decisive rather than near-ties.
/// </summary>
internal static class TrainedModel
{
    private static readonly Lazy<(AlexNet Model, string OnnxPath)> Instance = new(Build);

    public static AlexNet Model => Instance.Value.Model;

    public static string OnnxPath => Instance.Value.OnnxPath;

    /// <summary>Deletes the model's folder if the model was built in this run.</summary>
    public static void DeleteFiles()
    {
        if (Instance.IsValueCreated)
        {
            Directory.Delete(Path.GetDirectoryName(Instance.Value.OnnxPath)!, recursive: true);
        }
    }

    private static (AlexNet, string) Build()
    {
        var config = new TrainingConfig { Epochs = 1, BatchSize = 16, LearningRate = 0.01, Momentum = 0.9, TrainLimit = 1024, ValidationLimit = 16, Seed = 7 };
        var trainer = new Trainer(config, SharedData.Train, SharedData.Test, CPU);
        string folder = Path.Combine(Path.GetTempPath(), "alexnetml-tests", "trained-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        trainer.Run(Path.Combine(folder, Checkpoint.FileName), CancellationToken.None);
        AlexNet model = (AlexNet)trainer.Model;
        model.eval();
        string onnx = Path.Combine(folder, "model.onnx");
        ModelExport.Run(model, onnx, "test-run", config.Hash(), SharedData.Test);
        return (model, onnx);
    }
}
