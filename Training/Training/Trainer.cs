using System.Diagnostics;
using AlexNetMl.Pipeline.Data;
using AlexNetMl.Training.Data;
using AlexNetMl.Training.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AlexNetMl.Training.Training;

/// <summary>
/// Fits <see cref="AlexNet"/> with SGD and mean cross-entropy, checkpointing at every epoch end (and on interruption).
/// </summary>
/// <remarks>
/// Every random draw is derived from (seed, epoch, batch): the shuffle of each epoch and the dropout masks of each step.
/// A run resumed from any checkpoint therefore continues exactly as the uninterrupted run would have.
/// </remarks>
public sealed class Trainer : IDisposable
{
    private readonly TrainingConfig _config;
    private readonly FashionMnistDataset _train;
    private readonly FashionMnistDataset _validation;
    private readonly Device _device;
    private ITrainingObserver _observer;
    private readonly SGD _optimizer;
    private readonly optim.lr_scheduler.LRScheduler? _schedule;
    private readonly MixedPrecision? _mixed;

    /// <summary>Creates the model (seeded) and optimizer for <paramref name="config"/>.</summary>
    public Trainer(TrainingConfig config, FashionMnistDataset train, FashionMnistDataset validation, Device device, ITrainingObserver? observer = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        _config = config;
        _train = train;
        _validation = validation.Take(config.ValidationLimit);
        _device = device;
        _observer = observer ?? SilentObserver.Instance;
        random.manual_seed(config.Seed);
        Model = new AlexNet(FashionMnistClasses.Count, config.Dropout).to(device);
        _optimizer = optim.SGD(Model.parameters(), config.LearningRate, config.Momentum, weight_decay: config.WeightDecay);
        if (config.Precision == "bf16")
        {
            _mixed = new MixedPrecision(Model, config.Dropout, device);
        }

        if (config.LrSchedule == "cosine")
        {
            // Stepped once per batch, from lr down to 0 over the whole run.
            _schedule = optim.lr_scheduler.CosineAnnealingLR(_optimizer, BatchesPerEpoch * config.Epochs);
        }

        State = new TrainingState { Config = config, History = new TrainingHistory() };
    }

    /// <summary>The fp32 model (the master weights under mixed precision).</summary>
    public AlexNet Model { get; }

    /// <summary>Where training stands.</summary>
    public TrainingState State { get; private set; }

    /// <summary>Training images per epoch.</summary>
    public int ImagesPerEpoch => Math.Min(_config.TrainLimit ?? _train.Count, _train.Count);

    /// <summary>Steps per epoch (the last batch may be smaller).</summary>
    public int BatchesPerEpoch => (ImagesPerEpoch + _config.BatchSize - 1) / _config.BatchSize;

    /// <summary>Replaces the progress observer.</summary>
    public void SetObserver(ITrainingObserver observer) => _observer = observer ?? SilentObserver.Instance;

    /// <summary>Restores model, optimizer and position from a checkpoint.</summary>
    public void Resume(string checkpointPath)
    {
        TrainingState header = Checkpoint.ReadState(checkpointPath);
        if (header.Config.Hash() != _config.Hash())
        {
            throw new CheckpointException($"{checkpointPath}: written with other settings (config {header.Config.Hash()}, now {_config.Hash()}); resume without changing flags.");
        }

        // Bring the schedule to the checkpoint's step first: TorchSharp's cosine schedule, like PyTorch's, updates the
        // learning rate from its current value, so it must not step on top of the restored one. Loading the optimizer
        // state afterwards then restores the exact learning rate and momentum buffers.
        for (long step = ((long)(header.Epoch - 1) * BatchesPerEpoch) + header.BatchesDone; step > 0; step--)
        {
            _schedule?.step();
        }

        State = Checkpoint.Load(checkpointPath, Model, _optimizer);
    }

    /// <summary>Trains until all epochs are done or <paramref name="stop"/> fires, saving checkpoints to <paramref name="checkpointPath"/>.</summary>
    public TrainingOutcome Run(string checkpointPath, CancellationToken stop)
    {
        int[] order = new int[_train.Count];
        while (State.Epoch <= _config.Epochs)
        {
            int epoch = State.Epoch;
            Shuffle(order, epoch);
            var watch = Stopwatch.StartNew();
            double lossSum = State.EpochLossSum;
            long images = State.EpochImages;
            int batches = BatchesPerEpoch;
            var upsampler = new BatchUpsampler(_train, _config.ImageSide, _device, _config.BatchSize);
            Model.train();
            for (int batch = State.BatchesDone; batch < batches; batch++)
            {
                int start = batch * _config.BatchSize;
                int count = Math.Min(_config.BatchSize, ImagesPerEpoch - start);
                double loss = Step(upsampler, order.AsSpan(start, count), epoch, batch);
                if (!double.IsFinite(loss))
                {
                    throw new DivergedException(
                        $"Training diverged: the loss became {loss} at epoch {epoch}, batch {batch + 1} (learning rate {_config.LearningRate}). " +
                        "The last good checkpoint is kept; try a smaller --lr.");
                }

                lossSum += loss * count;
                images += count;
                double seconds = State.EpochSeconds + watch.Elapsed.TotalSeconds;
                _observer.OnStep(new StepProgress(epoch, batch + 1, batches, lossSum / images, images / seconds));
                if (batch + 1 == batches / 2 || batch + 1 == batches)
                {
                    State.History.TrainLossPoints.Add(new LossPoint(epoch - 1 + ((batch + 1) / (double)batches), lossSum / images));
                }

                State = State with { BatchesDone = batch + 1, EpochLossSum = lossSum, EpochImages = images };
                if (stop.IsCancellationRequested && batch + 1 < batches)
                {
                    State = State with { EpochSeconds = seconds };
                    Checkpoint.Save(checkpointPath, Model, _optimizer, State);
                    return TrainingOutcome.Interrupted;
                }
            }

            double trainSeconds = State.EpochSeconds + watch.Elapsed.TotalSeconds;
            (double validationLoss, double accuracy) = Evaluate(Model, _validation, _config.ImageSide, _config.EvaluationBatchSize, _device);
            var record = new EpochRecord(epoch, lossSum / images, validationLoss, accuracy, trainSeconds, images / trainSeconds);
            State.History.Epochs.Add(record);
            State = State with { Epoch = epoch + 1, BatchesDone = 0, EpochLossSum = 0, EpochImages = 0, EpochSeconds = 0 };
            Checkpoint.Save(checkpointPath, Model, _optimizer, State);
            _observer.OnEpoch(record, _config.Epochs);
            if (stop.IsCancellationRequested && State.Epoch <= _config.Epochs)
            {
                return TrainingOutcome.Interrupted;
            }
        }

        return TrainingOutcome.Completed;
    }

    /// <summary>Mean cross-entropy and accuracy of <paramref name="model"/> (eval mode, no gradients) over a dataset.</summary>
    public static (double Loss, double Accuracy) Evaluate(nn.Module<Tensor, Tensor> model, FashionMnistDataset data, int side, int batchSize, Device device)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        bool wasTraining = model.training;
        model.eval();
        using var _ = no_grad();
        var upsampler = new BatchUpsampler(data, side, device, batchSize);
        int[] indices = Enumerable.Range(0, data.Count).ToArray();
        double lossSum = 0;
        long correct = 0;
        for (int start = 0; start < data.Count; start += batchSize)
        {
            using var scope = NewDisposeScope();
            int count = Math.Min(batchSize, data.Count - start);
            (Tensor images, Tensor labels) = upsampler.Batch(indices.AsSpan(start, count));
            Tensor logits = model.forward(images);
            lossSum += nn.functional.cross_entropy(logits, labels, reduction: nn.Reduction.Sum).item<float>();
            correct += logits.argmax(1).eq(labels).sum().item<long>();
        }

        model.train(wasTraining);
        return (lossSum / data.Count, correct / (double)data.Count);
    }

    public void Dispose()
    {
        _mixed?.Dispose();
        _optimizer.Dispose();
        Model.Dispose();
    }

    private double Step(BatchUpsampler upsampler, ReadOnlySpan<int> indices, int epoch, int batch)
    {
        using var scope = NewDisposeScope();
        // Dropout draws from the global generator; seeding it per step makes any step reproducible on its own.
        random.manual_seed(StepSeed(epoch, batch));
        (Tensor images, Tensor labels) = upsampler.Batch(indices);
        _optimizer.zero_grad();
        Tensor loss;
        if (_mixed is null)
        {
            loss = nn.functional.cross_entropy(Model.forward(images), labels);
            loss.backward();
        }
        else
        {
            loss = _mixed.ForwardBackward(images, labels);
        }

        _optimizer.step();
        _schedule?.step();
        return loss.item<float>();
    }

    private long StepSeed(int epoch, int batch) => ((long)_config.Seed * 1_000_003L) + (epoch * 100_003L) + batch;

    /// <summary>
    /// The seed of an epoch's shuffle. Plain arithmetic, the same in every process: HashCode.Combine, used here once, is
    /// randomised per process, so a run resumed in a new process shuffled differently from the one it continued.
    /// </summary>
    public static int EpochSeed(int seed, int epoch) => unchecked((seed * 1_000_003) + epoch);

    private void Shuffle(int[] order, int epoch)
    {
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        new Random(EpochSeed(_config.Seed, epoch)).Shuffle(order);
    }
}
