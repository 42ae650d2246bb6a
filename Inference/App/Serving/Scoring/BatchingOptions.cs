using AlexNetMl.Inference.Classification;

namespace AlexNetMl.Inference.Serving.Scoring;

/// <summary>
/// How the service merges concurrent requests into one model run (configuration section <c>Batching</c>), as Triton's
/// dynamic batcher does. Validates itself. The defaults are the ones bench measured (docs/benchmarks.md, serving rows).
/// </summary>
public sealed class BatchingOptions : ISelfValidatingOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Batching";

    /// <summary>Most images merged into one run. A request with more images than this runs alone.</summary>
    public int MaxBatchSize { get; set; } = 32;

    /// <summary>
    /// How long a batch that is not full waits for more requests before it runs, in microseconds. Requests that queue
    /// while the model runs are merged anyway; the delay only adds those that arrive just after.
    /// </summary>
    public int MaxQueueDelayMicroseconds { get; set; } = 1000;

    /// <summary>Requests that may wait for the model; beyond them a request is refused as busy (503 + Retry-After, RESOURCE_EXHAUSTED).</summary>
    public int QueueCapacity { get; set; } = 128;

    /// <summary>How long a request may wait in the queue before it is answered with a timeout error, in milliseconds.</summary>
    public int QueueTimeoutMilliseconds { get; set; } = 10_000;

    /// <summary>The delay as a <see cref="TimeSpan"/>.</summary>
    public TimeSpan MaxQueueDelay => TimeSpan.FromMicroseconds(MaxQueueDelayMicroseconds);

    /// <summary>The timeout as a <see cref="TimeSpan"/>.</summary>
    public TimeSpan QueueTimeout => TimeSpan.FromMilliseconds(QueueTimeoutMilliseconds);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        if (MaxBatchSize < 1 || MaxQueueDelayMicroseconds < 0 || QueueCapacity < 1 || QueueTimeoutMilliseconds < 1)
        {
            throw new ArgumentException(
                $"Batching options out of range: MaxBatchSize {MaxBatchSize} (≥ 1), MaxQueueDelayMicroseconds {MaxQueueDelayMicroseconds} (≥ 0), QueueCapacity {QueueCapacity} (≥ 1), QueueTimeoutMilliseconds {QueueTimeoutMilliseconds} (≥ 1).");
        }
    }
}
