using AlexNetMl.Inference.Serving.Scoring;

namespace AlexNetMl.Tests.Infrastructure;

/// <summary>
/// A scorer for batching tests: each run records its batch and, while <see cref="Hold"/> is set, blocks until released,
/// so a test can keep the model busy and fill the queue behind it. Without an inner scorer it scores each image as the
/// sum of its values (one class), a known answer per image whatever batch it rides in.
/// </summary>
internal sealed class GatedScorer(IImageScorer? inner = null, int imageSize = 4) : IImageScorer, IDisposable
{
    private readonly List<float[]> _batches = [];
    private readonly SemaphoreSlim _entered = new(0);
    private ManualResetEventSlim _gate = new(true);

    public int ImageSize => inner?.ImageSize ?? imageSize;

    public int ClassCount => inner?.ClassCount ?? 1;

    /// <summary>When set, the next run throws it (once), as a failing model would.</summary>
    public Exception? FailNextRun { get; set; }

    /// <summary>The image batches scored, in order.</summary>
    public IReadOnlyList<float[]> Batches
    {
        get
        {
            lock (_batches)
            {
                return [.. _batches];
            }
        }
    }

    /// <summary>Makes the next runs wait for <see cref="Release"/>; <see cref="RunStartedAsync"/> then waits for the next run.</summary>
    public void Hold()
    {
        _gate = new ManualResetEventSlim(false);
        while (_entered.Wait(0))
        {
        }
    }

    /// <summary>Lets held and later runs go.</summary>
    public void Release() => _gate.Set();

    /// <summary>Waits until a run has started (and, if held, is blocked).</summary>
    public Task<bool> RunStartedAsync(TimeSpan timeout) => _entered.WaitAsync(timeout);

    public void Dispose()
    {
        _gate.Set();
        _gate.Dispose();
        _entered.Dispose();
    }

    public ScoredImages Score(float[] images, int count)
    {
        lock (_batches)
        {
            _batches.Add(images);
        }

        _entered.Release();
        _gate.Wait(TimeSpan.FromSeconds(30));
        if (FailNextRun is { } failure)
        {
            FailNextRun = null;
            throw failure;
        }

        if (inner is not null)
        {
            return inner.Score(images, count);
        }

        float[] sums = [.. Enumerable.Range(0, count).Select(i => images.AsSpan(i * imageSize, imageSize).ToArray().Sum())];
        return new ScoredImages(count, 1, sums, sums);
    }
}
