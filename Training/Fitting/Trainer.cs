using System.Diagnostics;
using AlexNetMl.Contract.Runs;
using AlexNetMl.Pipeline.Data;
using AlexNetMl.Training.Checkpoints;
using AlexNetMl.Training.Data;
using AlexNetMl.Training.Models;
using TorchSharp.Modules;
using TorchSharp;
using static TorchSharp.torch;

namespace AlexNetMl.Training.Fitting;

/// <summary>
/// Fits a <see cref="FashionModel"/> with the settings' optimizer (SGD or AdamW) and mean cross-entropy, checkpointing at every epoch end, every
/// <see cref="CheckpointSchedule.Every"/> of training, and when stopped.
/// </summary>
/// <remarks>
/// Every random draw is derived from (seed, epoch, batch): the shuffles, the dropout masks and the augmentation of each
/// step, and the learning rate is a function of the step. A run resumed from any checkpoint therefore continues exactly
/// as the uninterrupted run would have.
/// </remarks>
public sealed class Trainer : IDisposable
{
    private readonly TrainingConfig _config;
    private readonly FashionMnistDataset _train;
    private readonly FashionMnistDataset _validation;
    private readonly Device _device;
    private readonly OptimizerHelper _optimizer;
    private readonly MixedPrecision? _mixed;
    private readonly WeightAverage? _average;
    private readonly EpochSampler _sampler;
    private readonly CheckpointSchedule _checkpoints;
    private readonly RunSchedule _schedule;
    private readonly RunPacer? _pacer;
    private ITrainingObserver _observer;
    private long _lastCheckpoint;

    /// <summary>Creates the model (seeded) and optimizer for <paramref name="config"/>.</summary>
    /// <param name="config">What to train, and how.</param>
    /// <param name="train">The training images.</param>
    /// <param name="validation">The images validated on after each epoch.</param>
    /// <param name="device">Where to train.</param>
    /// <param name="observer">Receives progress.</param>
    /// <param name="checkpoints">When to checkpoint besides epoch ends.</param>
    /// <param name="createModel">Builds the model instead of the catalog (a variant of <paramref name="config"/>'s kind, for design sweeps).</param>
    /// <param name="replanning">Re-plans the run's length as it trains (a budgeted run); null keeps the length fixed.</param>
    public Trainer(TrainingConfig config, FashionMnistDataset train, FashionMnistDataset validation, Device device, ITrainingObserver? observer = null, CheckpointSchedule? checkpoints = null, Func<FashionModel>? createModel = null, Replanning? replanning = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(validation);
        config.Validate();
        _config = config;
        _train = train;
        _validation = validation.Take(config.ValidationLimit);
        _device = device;
        _observer = observer ?? SilentObserver.Instance;
        _checkpoints = checkpoints ?? CheckpointSchedule.EpochEndsOnly;
        Spec = ModelCatalog.Get(config.Model);
        random.manual_seed(config.Seed);
        createModel ??= () => ModelCatalog.Create(config.Model, FashionMnistClasses.Count, config.Dropout);
        Model = createModel().to(device);
        _optimizer = Optim.Optimizers.For(Model.parameters(), config);
        if (config.Precision == TrainingPrecision.Bf16)
        {
            _mixed = new MixedPrecision(Model, createModel, config.LabelSmoothing, device);
        }

        if (config.WeightAverage > 0)
        {
            _average = new WeightAverage(Model, createModel().to(device), config.WeightAverage);
        }

        _sampler = new EpochSampler(train.Count, config.Seed);
        _schedule = new RunSchedule(config, train.Count);
        if (replanning is not null)
        {
            _pacer = new RunPacer(replanning, _checkpoints.Clock, _checkpoints.Every.TotalSeconds);
        }

        State = new TrainingState { Config = config, History = new TrainingHistory() };
    }

    /// <summary>What is trained.</summary>
    public ModelSpec Spec { get; }

    /// <summary>The settings being trained with.</summary>
    public TrainingConfig Config => _config;

    /// <summary>The fp32 model (the master weights under mixed precision).</summary>
    public FashionModel Model { get; }

    /// <summary>The weights the run produces, validated after each epoch and exported: the average with <c>--ema</c>, else <see cref="Model"/>.</summary>
    public FashionModel Result => _average?.Model ?? Model;

    /// <summary>Where training stands.</summary>
    public TrainingState State { get; private set; }

    /// <summary>The run's epochs as they stand: as planned, or as the last re-plan left them.</summary>
    public EpochLayout Layout => _schedule.Layout;

    /// <summary>Steps of the whole run: the span of the learning-rate schedule.</summary>
    public long TotalSteps => Layout.TotalSteps;

    /// <summary>Steps done so far.</summary>
    public long StepsDone => Layout.StepsBefore(State.Epoch) + State.BatchesDone;

    /// <summary>Runs inside every timed training step with the step's index: a test hook (an injected slow-down, a clock advanced by a given rate).</summary>
    internal Action<long>? StepHook { get; set; }

    /// <summary>Replaces the progress observer.</summary>
    public void SetObserver(ITrainingObserver observer) => _observer = observer ?? SilentObserver.Instance;

    /// <summary>Restores model, optimizer and position from a checkpoint written with the same settings.</summary>
    public void Resume(string checkpointPath)
    {
        TrainingState header = Checkpoint.ReadState(checkpointPath);
        // The epoch count may grow on resume (extending a run); every other setting must be the one the run started with.
        if ((header.Config with { Epochs = _config.Epochs }).Hash() != _config.Hash())
        {
            throw new CheckpointException($"{checkpointPath}: written with other settings (config {header.Config.Hash()}, now {_config.Hash()}); resume without changing flags.");
        }

        State = Checkpoint.Load(checkpointPath, Model, _optimizer, _average?.Model) with { Config = _config };
        try
        {
            foreach (Replan replan in State.Replans)
            {
                _schedule.Apply(replan);
            }
        }
        catch (ArgumentException e)
        {
            throw new CheckpointException($"{checkpointPath}: a recorded re-plan does not fit this run ({e.Message}).", e);
        }

        if (State.Epoch > Layout.Epochs + 1 || (State.Epoch <= Layout.Epochs && State.BatchesDone > Layout.BatchesIn(State.Epoch)))
        {
            throw new CheckpointException($"{checkpointPath}: epoch {State.Epoch}, batch {State.BatchesDone} is past the run's {Layout.Epochs} epochs.");
        }
    }

    /// <summary>Trains until all epochs are done or <paramref name="stop"/> fires, saving checkpoints to <paramref name="checkpointPath"/>.</summary>
    public TrainingOutcome Run(string checkpointPath, CancellationToken stop)
    {
        var upsampler = new BatchUpsampler(_train, Spec.Contract, _device, _config.BatchSize);
        _lastCheckpoint = _checkpoints.Clock.GetTimestamp();
        _pacer?.Start();
        while (State.Epoch <= Layout.Epochs)
        {
            var watch = Stopwatch.StartNew();
            if (!TrainEpoch(upsampler, watch, checkpointPath, stop))
            {
                return TrainingOutcome.Interrupted;
            }

            EndEpoch(watch, checkpointPath);
            if (stop.IsCancellationRequested && State.Epoch <= Layout.Epochs)
            {
                return TrainingOutcome.Interrupted;
            }
        }

        return TrainingOutcome.Completed;
    }

    // Trains the rest of the current epoch; false when stopped, after saving a checkpoint.
    private bool TrainEpoch(BatchUpsampler upsampler, Stopwatch watch, string checkpointPath, CancellationToken stop)
    {
        int epoch = State.Epoch;
        int[] order = Order(epoch);
        double lossSum = State.EpochLossSum;
        long images = State.EpochImages;
        Model.train();
        for (int batch = State.BatchesDone; batch < Layout.BatchesIn(epoch); batch++)
        {
            int start = batch * _config.BatchSize;
            int count = Math.Min(_config.BatchSize, order.Length - start);
            long since = _checkpoints.Clock.GetTimestamp();
            double loss = Finite(Step(upsampler, order.AsSpan(start, count), epoch, batch), epoch, batch);
            _pacer?.Count(count, since);
            lossSum += loss * count;
            images += count;
            double seconds = State.EpochSeconds + watch.Elapsed.TotalSeconds;
            State = State with { BatchesDone = batch + 1, EpochLossSum = lossSum, EpochImages = images };
            int batches = Layout.BatchesIn(epoch);
            _observer.OnStep(new StepProgress(epoch, batch + 1, batches, lossSum / images, images / seconds, StepsDone, TotalSteps, Layout.Epochs));
            if (batch + 1 == batches / 2 || batch + 1 == batches)
            {
                State.History.TrainLossPoints.Add(new LossPoint(epoch - 1 + ((batch + 1) / (double)batches), lossSum / images));
            }

            if (batch + 1 != batches && Replanned(epoch, batch + 1))
            {
                order = Order(epoch);
            }

            if (batch + 1 != Layout.BatchesIn(epoch) && (stop.IsCancellationRequested || PeriodicCheckpointDue(_lastCheckpoint)))
            {
                State = State with { EpochSeconds = seconds };
                watch.Restart();
                Save(checkpointPath);
                _lastCheckpoint = _checkpoints.Clock.GetTimestamp();
                if (stop.IsCancellationRequested)
                {
                    return false;
                }
            }
        }

        return true;
    }

    // Validates, records the epoch and checkpoints the start of the next.
    private void EndEpoch(Stopwatch watch, string checkpointPath)
    {
        int epoch = State.Epoch;
        double trainSeconds = State.EpochSeconds + watch.Elapsed.TotalSeconds;
        (double validationLoss, double accuracy) = Validation.Evaluate(Result, Spec.Contract, _validation, _config.EvaluationBatchSize, _device);
        var record = new EpochRecord(epoch, State.EpochLossSum / State.EpochImages, validationLoss, accuracy, trainSeconds, State.EpochImages / trainSeconds);
        State.History.Epochs.Add(record);
        State = State with { Epoch = epoch + 1, BatchesDone = 0, EpochLossSum = 0, EpochImages = 0, EpochSeconds = 0 };
        Save(checkpointPath);
        _lastCheckpoint = _checkpoints.Clock.GetTimestamp();
        _observer.OnEpoch(record, Layout.Epochs);
    }

    // The images of epoch `epoch` in training order, as the layout stands.
    private int[] Order(int epoch) => _sampler.Slice(Layout.StartOf(epoch), Layout.ImagesIn(epoch));

    // Asks the pacer, when a look is due, whether the run's length changes; applies and records a change.
    private bool Replanned(int epoch, int batchesDone)
    {
        if (_pacer?.Look(Layout, epoch, batchesDone, StepsDone, State.Replans) is not { } replan)
        {
            return false;
        }

        _schedule.Apply(replan);
        State = State with { Replans = [.. State.Replans, replan] };
        _observer.OnReplan(replan);
        return true;
    }

    private double Finite(double loss, int epoch, int batch) => double.IsFinite(loss) ? loss
        : throw new DivergedException(
            $"Training diverged: the loss became {loss} at epoch {epoch}, batch {batch + 1} (learning rate {_config.LearningRate}). " +
            "The last good checkpoint is kept; try a smaller --lr.");

    public void Dispose()
    {
        _mixed?.Dispose();
        _average?.Dispose();
        _optimizer.Dispose();
        Model.Dispose();
    }

    private bool PeriodicCheckpointDue(long lastCheckpoint) =>
        _checkpoints.Every > TimeSpan.Zero && _checkpoints.Clock.GetElapsedTime(lastCheckpoint) >= _checkpoints.Every;

    private void Save(string checkpointPath)
    {
        var watch = Stopwatch.StartNew();
        if (_pacer is not null)
        {
            State = State with { JobSeconds = _pacer.JobSeconds };
        }

        Checkpoint.Save(checkpointPath, Model, _optimizer, State, _average?.Model);
        _observer.OnCheckpoint(checkpointPath, watch.Elapsed.TotalSeconds);
    }

    private double Step(BatchUpsampler upsampler, ReadOnlySpan<int> indices, int epoch, int batch)
    {
        using var scope = NewDisposeScope();
        // Dropout draws from the global generator; seeding it per step makes any step reproducible on its own.
        random.manual_seed(StepSeed(epoch, batch));
        (Tensor images, Tensor labels) = upsampler.Batch(indices, _config.Augment ? (_config.Seed, epoch, batch) : null);
        double rate = _schedule.LearningRateAt(StepsDone);
        foreach (ParamGroup group in _optimizer.ParamGroups)
        {
            group.LearningRate = rate;
        }

        _optimizer.zero_grad();
        Tensor loss = TrainingLoss.ForwardBackward(Model, _mixed, images, labels, _config.LabelSmoothing);
        _optimizer.step();
        _average?.Update(StepsDone, TotalSteps);
        float value = loss.item<float>();
        StepHook?.Invoke(StepsDone);
        return value;
    }

    private long StepSeed(int epoch, int batch) => ((long)_config.Seed * 1_000_003L) + (epoch * 100_003L) + batch;
}
