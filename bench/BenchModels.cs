using AlexNetMl.Contract.Model;
using AlexNetMl.Contract.Runs;
using AlexNetMl.Export.Onnx;
using AlexNetMl.Training.Fitting;
using AlexNetMl.Training.Models;
using AlexNetMl.Training.Steps;
using TorchSharp;
using static TorchSharp.torch;

namespace AlexNetMl.Bench;

/// <summary>Models and timing helpers the subjects share.</summary>
public static class BenchModels
{
    /// <summary>A seeded random AlexNet exported (without verification: speed only) to the scratch folder, once per run.</summary>
    public static string RandomAlexNetOnnx(BenchContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        string path = context.Scratch("bench-alexnet.onnx");
        if (!File.Exists(path))
        {
            using AlexNet model = RandomAlexNet();
            OnnxExporter.Save(OnnxExporter.ToModel(model, new OnnxExportOptions(AlexNetContract)), path);
        }

        return path;
    }

    /// <summary>
    /// The same random AlexNet in int8, once per run. Speed only: an untrained model's classes are near-ties
    /// that quantization reorders, so the agreement gate is off here (trained models go through it in the main job).
    /// </summary>
    public static string RandomAlexNetInt8Onnx(BenchContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        string path = context.Scratch("bench-alexnet-int8.onnx");
        if (!File.Exists(path))
        {
            using AlexNet model = RandomAlexNet();
            ModelExport.RunInt8(model, path, "bench", "random", context.Train, context.Test, images: 16, minimumAgreement: 0);
        }

        return path;
    }

    private static AlexNet RandomAlexNet()
    {
        random.manual_seed(1);
        var model = new AlexNet();
        model.eval();
        return model;
    }

    /// <summary>AlexNet's contract.</summary>
    public static ModelContract AlexNetContract => ModelCatalog.Get(ModelKind.AlexNet).Contract;

    /// <summary>Seconds per training step at <paramref name="config"/>'s batch, timed through <see cref="Trainer"/> (data path included), first step excluded.</summary>
    public static double TrainingStepSeconds(BenchContext context, TrainingConfig config)
    {
        ArgumentNullException.ThrowIfNull(context);
        var timer = new StepRecorder();
        string checkpoint = context.Scratch($"bench-{Guid.NewGuid():N}.bin");
        using (var trainer = new Trainer(config, context.Train, context.Test, context.Device, timer))
        {
            trainer.Run(checkpoint, CancellationToken.None);
        }

        File.Delete(checkpoint);
        return timer.StepSeconds.Skip(1).Average();
    }

    /// <summary>The value below which <paramref name="p"/> of the sorted samples lie.</summary>
    public static double Percentile(double[] sorted, double p)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
    }

    /// <summary>Waits for queued GPU work, so that timings include it.</summary>
    public static void Synchronize(Device device)
    {
        if (device.type == DeviceType.CUDA)
        {
            cuda.synchronize();
        }
    }
}
