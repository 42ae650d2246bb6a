using System.Diagnostics;
using AlexNetMl.Contract.Runs;
using AlexNetMl.Contract.Settings;
using AlexNetMl.Pipeline.Data;
using AlexNetMl.Pipeline.DataView;
using AlexNetMl.Pipeline.Evaluation;
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
/// The warm-up before a budgeted run: training steps, a validation batch, an export with its verification, a
/// checkpoint and images through the ML.NET chain, all with a throwaway model of the run's kind, timed on this
/// machine. The planner divides the budget by what it measures.
/// </summary>
/// <remarks>
/// The rates are steady-state: untimed work first pays what only the first calls cost (oneDNN creating its primitives
/// for each shape, ONNX Runtime's first run, the allocator growing to a step's working set), which once made the
/// warm-up measure 65 training images/s where training then ran at 75-85, and 51 scoring images/s where the evaluation
/// ran at 97 (one ML.NET cursor on too few images). The training and scoring rates are then the median of at least
/// <see cref="Rounds"/> timed rounds, and how far the rounds differed is the noise the plan's margin holds back
/// (<see cref="TrainingPlanner.MarginFor"/>). The training rounds of a budgeted warm-up go on for
/// <see cref="BudgetShareTimed"/> of the budget: on a 2-core AMD EPYC (family 26) the step rate swung between about 60
/// and 85 images/s in phases of several seconds, and three rounds (7 s) made two warm-ups disagree by half.
/// </remarks>
public static class MachineProbe
{
    /// <summary>Untimed training steps first: oneDNN's primitives for forward and backward, the allocator's growth.</summary>
    public const int UntimedSteps = 3;

    /// <summary>Timed rounds of training steps and of scored images.</summary>
    public const int Rounds = 3;

    /// <summary>Training steps in each timed round.</summary>
    public const int StepsPerRound = 6;

    /// <summary>
    /// The least share of a time budget the timed training rounds take (18 s of 20 min): long enough to span a
    /// machine's swings of speed, a small price against the budget. A run of fixed length only estimates its time and
    /// times <see cref="Rounds"/> rounds.
    /// </summary>
    public const double BudgetShareTimed = 0.015;

    /// <summary>Seconds of timed training rounds for a warm-up before a run with <paramref name="budget"/> (none: only <see cref="Rounds"/> rounds).</summary>
    public static double TimedSecondsFor(TimeSpan? budget) => budget is { } b ? b.TotalSeconds * BudgetShareTimed : 0;

    /// <summary>Images the int8 export is verified on in the warm-up.</summary>
    public const int Int8ProbeImages = 64;

    /// <summary>Images evaluated through the ML.NET chain untimed first: ONNX Runtime's first runs.</summary>
    public const int UntimedEvaluationImages = 16;

    /// <summary>
    /// Images evaluated through the ML.NET chain in each timed round: enough that ML.NET reads the chain with a cursor
    /// per core, as it does for the whole test set. On 16 or 64 images it read with one cursor and scored 47-49
    /// AlexNet images/s; on 256, 86; on 1,000, 91; the 10,000 of the evaluation run at 95-97 (2-core EPYC).
    /// </summary>
    public const int EvaluationImagesPerRound = 256;

    /// <summary>
    /// Measures this machine for <paramref name="config"/> (evaluation on <paramref name="device"/>'s ML.NET chain; the int8
    /// export calibrated on <paramref name="calibration"/>); scratch files go to <paramref name="scratchDirectory"/> and are deleted.
    /// The training rounds run for at least <paramref name="timedSeconds"/> (<see cref="TimedSecondsFor"/>).
    /// </summary>
    public static MachineRates Measure(TrainingConfig config, FashionMnistDataset calibration, FashionMnistDataset test, Device device, string scratchDirectory, double timedSeconds)
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
            using var optimizer = Optim.Optimizers.For(model.parameters(), config);
            MeasuredRate train = TrainingRate(config, model, () => ModelCatalog.Create(config.Model, FashionMnistClasses.Count, config.Dropout), optimizer, spec, device, timedSeconds);
            double validation = ValidationRate(model, spec, test, config.EvaluationBatchSize, device);
            var watch = Stopwatch.StartNew();
            ModelExport.Run(model, onnx, "probe", config.Hash(), test);
            double fp32Export = watch.Elapsed.TotalSeconds;
            MeasuredRate scoring = EvaluationRate(onnx, test, scratchDirectory, out double loadSeconds);
            double evaluation = scoring.PerSecond;
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
            return new MachineRates(train.PerSecond, validation, evaluation, export + loadSeconds, checkpointSeconds, description, Math.Max(train.Spread, scoring.Spread));
        }
        finally
        {
            File.Delete(onnx);
            File.Delete(checkpoint);
        }
    }

    /// <summary>Steady-state training images/s of a fresh <paramref name="config"/> model on this machine, timed for at least <paramref name="timedSeconds"/>.</summary>
    public static double TrainingRate(TrainingConfig config, Device device, double timedSeconds, Func<FashionModel>? createModel = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        createModel ??= () => ModelCatalog.Create(config.Model, FashionMnistClasses.Count, config.Dropout);
        using FashionModel model = createModel().to(device);
        using var optimizer = Optim.Optimizers.For(model.parameters(), config);
        return TrainingRate(config, model, createModel, optimizer, ModelCatalog.Get(config.Model), device, timedSeconds).PerSecond;
    }

    private static MeasuredRate TrainingRate(TrainingConfig config, FashionModel model, Func<FashionModel> createModel, optim.Optimizer optimizer, ModelSpec spec, Device device, double timedSeconds)
    {
        using MixedPrecision? mixed = config.Precision == TrainingPrecision.Bf16 ? new MixedPrecision(model, createModel, config.LabelSmoothing, device) : null;
        model.train();
        for (int step = 0; step < UntimedSteps; step++)
        {
            TrainingStep(config, model, mixed, optimizer, spec, device);
        }

        return MeasuredRate.OfRounds(() =>
        {
            var watch = Stopwatch.StartNew();
            for (int step = 0; step < StepsPerRound; step++)
            {
                TrainingStep(config, model, mixed, optimizer, spec, device);
            }

            return (config.BatchSize * StepsPerRound, watch.Elapsed.TotalSeconds);
        }, Rounds, timedSeconds);
    }

    // One SGD step on random images of the run's shape (the values do not change the cost).
    private static void TrainingStep(TrainingConfig config, FashionModel model, MixedPrecision? mixed, optim.Optimizer optimizer, ModelSpec spec, Device device)
    {
        using var scope = NewDisposeScope();
        Tensor images = rand(config.BatchSize, spec.Contract.InputChannels, spec.InputSide, spec.InputSide, device: device);
        Tensor labels = randint(0, FashionMnistClasses.Count, [config.BatchSize], device: device);
        optimizer.zero_grad();
        Tensor loss = TrainingLoss.ForwardBackward(model, mixed, images, labels, config.LabelSmoothing);
        optimizer.step();
        _ = loss.item<float>();
    }

    private static double ValidationRate(FashionModel model, ModelSpec spec, FashionMnistDataset test, int batchSize, Device device)
    {
        FashionMnistDataset sample = test.Take(Math.Min(batchSize, test.Count));
        // Untimed first at the same batch size: oneDNN's primitives are made per shape.
        Validation.Evaluate(model, spec.Contract, sample, batchSize, device);
        var watch = Stopwatch.StartNew();
        Validation.Evaluate(model, spec.Contract, sample, batchSize, device);
        return sample.Count / watch.Elapsed.TotalSeconds;
    }

    // Load, the model.zip the evaluation saves, and the untimed rows count as fixed costs; the timed rounds give the rate.
    // Each round runs what the Evaluate step runs, ML.NET's evaluator over the chain, on enough images to be read in
    // parallel (EvaluationImagesPerRound): an earlier probe's 24 images were read by one cursor, at half the rate.
    private static MeasuredRate EvaluationRate(string onnx, FashionMnistDataset test, string scratchDirectory, out double loadSeconds)
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

        Evaluate(mlContext, model, test.Take(UntimedEvaluationImages));
        loadSeconds = watch.Elapsed.TotalSeconds;
        double[] rounds = new double[Rounds];
        for (int round = 0; round < Rounds; round++)
        {
            watch.Restart();
            long scored = Evaluate(mlContext, model, test.Take(EvaluationImagesPerRound));
            rounds[round] = scored / watch.Elapsed.TotalSeconds;
        }

        return MeasuredRate.Of(rounds);
    }

    private static long Evaluate(MLContext mlContext, LoadedModel model, FashionMnistDataset images) =>
        EvaluationReport.Evaluate(mlContext, model.Transformer.Transform(mlContext.Data.LoadFashionMnist(images)), model.Contract, model.Device.Description, model.Path, "probe").Images;
}
