using System.Diagnostics;
using AlexNetMl.Inference.Serving.Protocol;

namespace AlexNetMl.Inference.Serving.Scoring;

/// <summary>
/// One request's images waiting in <see cref="DynamicBatcher"/>'s queue, and the answer its caller awaits. The answer
/// is settled once: by the batch that scores it, or earlier by its client going away or its queue timeout.
/// </summary>
internal sealed class PendingImages : IDisposable
{
    private readonly TaskCompletionSource<ScoredImages> _answer = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _timeout;
    private readonly CancellationTokenRegistration _gone;
    private readonly CancellationTokenRegistration _late;

    public PendingImages(float[] images, int count, TimeSpan timeout, CancellationToken clientGone)
    {
        (Images, Count) = (images, count);
        Enqueued = Stopwatch.GetTimestamp();
        _timeout = new CancellationTokenSource(timeout);
        _gone = clientGone.Register(() => _answer.TrySetCanceled(clientGone));
        _late = _timeout.Token.Register(() => _answer.TrySetException(new InferenceException(
            InferenceErrorKind.DeadlineExceeded, $"The request waited {timeout.TotalMilliseconds:0} ms in the queue without reaching the model; retry later.")));
    }

    public float[] Images { get; }

    public int Count { get; }

    /// <summary>When the request was queued (<see cref="Stopwatch.GetTimestamp"/>).</summary>
    public long Enqueued { get; }

    public Task<ScoredImages> Answer => _answer.Task;

    /// <summary>Whether it was answered before scoring (client gone, timed out): then it is dropped, not scored.</summary>
    public bool IsAnswered => _answer.Task.IsCompleted;

    /// <summary>The request reached the model: its queue timeout no longer applies (it may have fired just before; see <see cref="IsAnswered"/>).</summary>
    public void Taken() => _late.Dispose();

    public void Succeed(ScoredImages scored) => _answer.TrySetResult(scored);

    public void Fail(Exception error) => _answer.TrySetException(error);

    public void Dispose()
    {
        _gone.Dispose();
        _late.Dispose();
        _timeout.Dispose();
    }
}
