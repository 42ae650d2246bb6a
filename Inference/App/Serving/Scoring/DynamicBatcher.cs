using System.Diagnostics;
using System.Threading.Channels;
using AlexNetMl.Inference.Serving.Metrics;
using AlexNetMl.Inference.Serving.Protocol;

namespace AlexNetMl.Inference.Serving.Scoring;

/// <summary>
/// Merges concurrent requests into one model run, as Triton's dynamic batcher does: requests wait in a bounded queue;
/// one loop takes what has queued (up to <see cref="BatchingOptions.MaxBatchSize"/> images), waits at most
/// <see cref="BatchingOptions.MaxQueueDelay"/> for more, scores the batch in one run and hands each request its rows.
/// A request whose client has gone, or that waited past its timeout, is answered at once and never scored.
/// </summary>
public sealed class DynamicBatcher : IAsyncDisposable
{
    private readonly IImageScorer _scorer;
    private readonly BatchingOptions _options;
    private readonly InferenceMetrics _metrics;
    private readonly Channel<PendingImages> _queue;
    private readonly Task _loop;

    /// <summary>Starts the batching loop over <paramref name="scorer"/>.</summary>
    public DynamicBatcher(IImageScorer scorer, BatchingOptions options, InferenceMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(scorer);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        (_scorer, _options, _metrics) = (scorer, options, metrics);
        _queue = Channel.CreateBounded<PendingImages>(new BoundedChannelOptions(options.QueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Requests waiting in the queue (not those in the batch being collected or scored).</summary>
    public int QueuedRequests => _queue.Reader.Count;

    /// <summary>
    /// Scores <paramref name="count"/> model-ready images, merged with whatever else is queued. The answer for an image
    /// is the one it gets alone: the model scores each image of a batch independently.
    /// </summary>
    /// <exception cref="InferenceException">The queue is full, or the request waited past its timeout.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled (the client went away).</exception>
    public async Task<ScoredImages> ScoreAsync(float[] images, int count, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.Length != count * _scorer.ImageSize)
        {
            throw new ArgumentException($"{count} images take {count * _scorer.ImageSize} floats, not {images.Length}.", nameof(images));
        }

        using var pending = new PendingImages(images, count, _options.QueueTimeout, cancellationToken);
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new InferenceException(InferenceErrorKind.ResourceExhausted, $"The queue is full ({_options.QueueCapacity} requests wait for the model); retry later.");
        }

        return await pending.Answer.ConfigureAwait(false);
    }

    /// <summary>Stops taking requests, lets the queued ones finish, and ends the loop.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
    }

    private async Task RunAsync()
    {
        PendingImages? carried = null;
        var batch = new List<PendingImages>(_options.MaxBatchSize);
        while (carried is not null || await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            int images = 0;
            if (carried is not null)
            {
                batch.Add(carried);
                images = carried.Count;
                carried = null;
            }

            carried = await CollectAsync(batch, images).ConfigureAwait(false);
            if (batch.Count > 0)
            {
                Score(batch);
            }
        }
    }

    // Takes queued requests until the batch is full, the delay has passed with nothing new, or the next one does not fit
    // (that one is returned, to start the next batch). Requests already answered (gone, timed out) are skipped.
    private async Task<PendingImages?> CollectAsync(List<PendingImages> batch, int images)
    {
        long deadline = Stopwatch.GetTimestamp() + (long)(_options.MaxQueueDelay.TotalSeconds * Stopwatch.Frequency);
        while (images < _options.MaxBatchSize)
        {
            if (_queue.Reader.TryRead(out PendingImages? next))
            {
                if (next.IsAnswered)
                {
                    continue;
                }

                if (batch.Count > 0 && images + next.Count > _options.MaxBatchSize)
                {
                    return next;
                }

                batch.Add(next);
                images += next.Count;
                continue;
            }

            TimeSpan left = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), deadline);
            if (batch.Count > 0 && left <= TimeSpan.Zero)
            {
                return null;
            }

            if (!await WaitForMoreAsync(batch.Count == 0 ? Timeout.InfiniteTimeSpan : left).ConfigureAwait(false))
            {
                return null;
            }
        }

        return null;
    }

    private async Task<bool> WaitForMoreAsync(TimeSpan wait)
    {
        using var timeout = new CancellationTokenSource(wait);
        try
        {
            return await _queue.Reader.WaitToReadAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            return false;
        }
    }

    private void Score(List<PendingImages> batch)
    {
        batch.ForEach(pending => pending.Taken());
        batch.RemoveAll(pending => pending.IsAnswered);
        if (batch.Count == 0)
        {
            return;
        }

        int count = batch.Sum(p => p.Count);
        float[] images = batch.Count == 1 ? batch[0].Images : Concatenate(batch, count);
        long started = Stopwatch.GetTimestamp();
        foreach (PendingImages pending in batch)
        {
            _metrics.Queued(Stopwatch.GetElapsedTime(pending.Enqueued, started));
        }

        ScoredImages scored;
        try
        {
            scored = _scorer.Score(images, count);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            var failure = new InferenceException(InferenceErrorKind.Internal, $"The model failed on a batch of {count} images: {e.Message}");
            batch.ForEach(pending => pending.Fail(failure));
            return;
        }

        _metrics.Executed(count, Stopwatch.GetElapsedTime(started));
        int start = 0;
        foreach (PendingImages pending in batch)
        {
            pending.Succeed(batch.Count == 1 ? scored : scored.Slice(start, pending.Count));
            start += pending.Count;
        }
    }

    private float[] Concatenate(List<PendingImages> batch, int count)
    {
        float[] images = new float[count * _scorer.ImageSize];
        int offset = 0;
        foreach (PendingImages pending in batch)
        {
            pending.Images.CopyTo(images, offset);
            offset += pending.Images.Length;
        }

        return images;
    }
}
