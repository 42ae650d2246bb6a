using System.Diagnostics;
using AlexNetMl.Contract.Runs;
using AlexNetMl.Contract.Settings;
using AlexNetMl.Pipeline.Data;
using AlexNetMl.Pipeline.DataView;
using AlexNetMl.Pipeline.Scoring;
using AlexNetMl.Training.Checkpoints;
using AlexNetMl.Training.Fitting;
using AlexNetMl.Training.Models;
using AlexNetMl.Training.Steps;
using Microsoft.ML;
using TorchSharp;
using static TorchSharp.torch;

namespace AlexNetMl.Training.Planning;

/// <summary>
/// The warm-up before a budgeted run: a few training steps, a validation batch, an export with its verification, a
/// checkpoint and a few images through the ML.NET chain, all with a throwaway model of the run's kind, timed on this
/// machine. The planner divides the budget by what it measures.
/// </summary>
public static class MachineProbe
{
    /// <summary>Timed training steps (after one untimed one, which pays for first-call allocations).</summary>
    public const int TimedSteps = 2;

    /// <summary>Images the int8 export is verified on in the warm-up.</summary>
    public const int Int8ProbeImages = 64;

    /// <summary>Images scored through the ML.NET chain to time it (after one untimed image).</summary>
    public const int EvaluationProbeImages = 24;

    /// <summary>
    /// Measures this machine for <paramref name="config"/> (evaluation on <paramref name="device"/>'s ML.NET chain; the int8
    /// export calibrated on <paramref name="calibration"/>); scratch files go to <paramref name="scratchDirectory"/> and are deleted.
    /// </summary>
    public static MachineRates Measure(TrainingConfig config, FashionMnistDataset calibration, FashionMnistDataset test, Device device, string scratchDirectory)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(calibration);
        ArgumentNullException.ThrowIfNull(test);
        ModelSpec spec = ModelCatalog.Get(config.Model);
        string onnx = Path.Combine(scratchDirectory, $".probe-{Guid.NewGuid():N}.onnx");
        string checkpoint = Path.Combine(scratchDirectory, $".probe-{Guid.NewGuid():N}.bin");
        try
        {
            using FashionModel model = ModelCatalog.Create(config.Model, FashionMnistClasses.Count, config.Dropout).to(device);
            using var optimizer = Optim.SGD.For(model.parameters(), config);
            double train = TrainingRate(config, model, () => ModelCatalog.Create(config.Model, FashionMnistClasses.Count, config.Dropout), optimizer, spec, device);
            double validation = ValidationRate(model, spec, test, config.EvaluationBatchSize, device);
            var watch = Stopwatch.StartNew();
            ModelExport.Run(model, onnx, "probe", config.Hash(), test);
            double fp32Export = watch.Elapsed.TotalSeconds;
            double evaluation = EvaluationRate(onnx, test, scratchDirectory, out double loadSeconds);
            // The int8 export is timed on a few images (its agreement is meaningless for random weights, so any is accepted);
            // its verification on the rest costs a TorchSharp forward and an ONNX Runtime run per image.
            watch.Restart();
            ModelExport.RunInt8(model, onnx, "probe", config.Hash(), calibration, test, Int8ProbeImages, minimumAgreement: 0);
            double int8Remaining = (ModelExport.QuantizationImages - Int8ProbeImages) * ((1 / validation) + (1 / evaluation));
            double export = fp32Export + watch.Elapsed.TotalSeconds + int8Remaining;
            watch.Restart();
            Checkpoint.Save(checkpoint, model, optimizer, new TrainingState { Config = config, History = new TrainingHistory() });
            double checkpointSeconds = watch.Elapsed.TotalSeconds;
            string description = $"{SettingNames.Of(config.Precision)}, {CpuFeatures.Isa}";
            return new MachineRates(train, validation, evaluation, export + loadSeconds, checkpointSeconds, description);
        }
        finally
        {
            File.Delete(onnx);
            File.Delete(checkpoint);
        }
    }

    /// <summary>Training images/s of a fresh <paramref name="config"/> model on this machine (a few untimed and timed steps).</summary>
    public static double TrainingRate(TrainingConfig config, Device device, Func<FashionModel>? createModel = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        createModel ??= () => ModelCatalog.Create(config.Model, FashionMnistClasses.Count, config.Dropout);
        using FashionModel model = createModel().to(device);
        using var optimizer = Optim.SGD.For(model.parameters(), config);
        return TrainingRate(config, model, createModel, optimizer, ModelCatalog.Get(config.Model), device);
    }

    private static double TrainingRate(TrainingConfig config, FashionModel model, Func<FashionModel> createModel, optim.Optimizer optimizer, ModelSpec spec, Device device)
    {
        using MixedPrecision? mixed = config.Precision == TrainingPrecision.Bf16 ? new MixedPrecision(model, createModel, config.LabelSmoothing, device) : null;
        model.train();
        double seconds = 0;
        for (int step = 0; step <= TimedSteps; step++)
        {
            using var scope = NewDisposeScope();
            Tensor images = rand(config.BatchSize, spec.Contract.InputChannels, spec.InputSide, spec.InputSide, device: device);
            Tensor labels = randint(0, FashionMnistClasses.Count, [config.BatchSize], device: device);
            var watch = Stopwatch.StartNew();
            optimizer.zero_grad();
            Tensor loss = Trainer.ForwardBackward(model, mixed, images, labels, config.LabelSmoothing);
            optimizer.step();
            _ = loss.item<float>();
            if (step > 0)
            {
                seconds += watch.Elapsed.TotalSeconds;
            }
        }

        return config.BatchSize * TimedSteps / seconds;
    }

    private static double ValidationRate(FashionModel model, ModelSpec spec, FashionMnistDataset test, int batchSize, Device device)
    {
        FashionMnistDataset sample = test.Take(Math.Min(batchSize, test.Count));
        Validation.Evaluate(model, spec.Contract, sample.Take(1), 1, device);
        var watch = Stopwatch.StartNew();
        Validation.Evaluate(model, spec.Contract, sample, batchSize, device);
        return sample.Count / watch.Elapsed.TotalSeconds;
    }

    // Load, the model.zip the evaluation saves, and one untimed row count as fixed costs; the rest gives the rate.
    private static double EvaluationRate(string onnx, FashionMnistDataset test, string scratchDirectory, out double loadSeconds)
    {
        var mlContext = new MLContext(seed: 0);
        string zip = Path.Combine(scratchDirectory, $".probe-{Guid.NewGuid():N}.zip");
        var watch = Stopwatch.StartNew();
        using LoadedModel model = ModelLoader.Load(mlContext, onnx);
        try
        {
            model.Pipeline!.Save(mlContext, model.Transformer, FashionMnistDataView.Empty.Schema, zip);
        }
        finally
        {
            File.Delete(zip);
        }

        model.ScoreAll(mlContext.Data.LoadFashionMnist(test.Take(1)));
        loadSeconds = watch.Elapsed.TotalSeconds;
        watch.Restart();
        long scored = model.ScoreAll(mlContext.Data.LoadFashionMnist(test.Take(EvaluationProbeImages)));
        return scored / watch.Elapsed.TotalSeconds;
    }
}
