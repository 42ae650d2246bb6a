using Prometheus;

namespace AlexNetMl.Inference.Serving.Metrics;

/// <summary>
/// The served model's counters, named after Triton's (<c>nv_inference_*</c>) and labelled with <c>model</c> and
/// <c>version</c>: <c>GET /metrics</c> exposes them in Prometheus text, and <c>GET /v2/models/{name}/stats</c>
/// (<see cref="ModelStatistics"/>) reads the very same counters, so the two never disagree. Durations are cumulative
/// microseconds as in Triton, with histograms in seconds beside them for latency quantiles.
/// </summary>
public sealed class InferenceMetrics
{
    private static readonly string[] ModelLabels = ["model", "version"];
    private readonly string[] _labels;

    private long _lastInferenceMilliseconds;

    /// <summary>Creates the counters of model <paramref name="model"/>, version <paramref name="version"/>, in <paramref name="registry"/>.</summary>
    public InferenceMetrics(CollectorRegistry registry, string model, string version)
    {
        (Model, Version) = (model, version);
        _labels = [model, version];
        MetricFactory factory = Prometheus.Metrics.WithCustomRegistry(registry);
        Counter Counter(string name, string help, params string[] extra) =>
            factory.CreateCounter(name, help, new CounterConfiguration { LabelNames = [.. ModelLabels, .. extra] });
        Histogram Seconds(string name, string help) =>
            factory.CreateHistogram(name, help, new HistogramConfiguration { LabelNames = ModelLabels, Buckets = Histogram.ExponentialBuckets(0.0005, 2, 16) });

        Success = Counter("nv_inference_request_success", "Inference requests answered successfully.");
        Failure = Counter("nv_inference_request_failure", "Inference requests that failed, by reason (REJECTED: queue full or timed out; CANCELED: the client went away; BACKEND: the model failed; OTHER: a bad request).", "reason");
        Inferences = Counter("nv_inference_count", "Images scored (a request of N images counts N).");
        Executions = Counter("nv_inference_exec_count", "Model runs (batches); fewer than nv_inference_count when requests are batched.");
        RequestMicroseconds = Counter("nv_inference_request_duration_us", "Cumulative time from receiving a request to answering it, in microseconds.");
        FailureMicroseconds = Counter("alexnetml_inference_fail_duration_us", "The part of nv_inference_request_duration_us spent on requests that failed, in microseconds.");
        QueueMicroseconds = Counter("nv_inference_queue_duration_us", "Cumulative time requests waited in the batching queue, in microseconds.");
        ComputeMicroseconds = Counter("nv_inference_compute_infer_duration_us", "Cumulative time the model ran, in microseconds.");
        BatchExecutions = Counter("alexnetml_batch_exec_count", "Model runs by batch size.", "batch_size");
        BatchComputeMicroseconds = Counter("alexnetml_batch_compute_infer_duration_us", "Cumulative model run time by batch size, in microseconds.", "batch_size");
        QueueSeconds = Seconds("nv_inference_queue_duration_seconds", "Time each request waited in the batching queue, in seconds.");
        ComputeSeconds = Seconds("nv_inference_compute_infer_duration_seconds", "Time each model run took, in seconds.");
    }

    /// <summary>The model these counters describe.</summary>
    public string Model { get; }

    /// <summary>Its version.</summary>
    public string Version { get; }

    /// <summary>When the model last ran, in milliseconds since the Unix epoch (0 before the first run).</summary>
    public long LastInferenceMilliseconds => Interlocked.Read(ref _lastInferenceMilliseconds);

    internal Counter Success { get; }

    internal Counter Failure { get; }

    internal Counter Inferences { get; }

    internal Counter Executions { get; }

    internal Counter RequestMicroseconds { get; }

    internal Counter FailureMicroseconds { get; }

    internal Counter QueueMicroseconds { get; }

    internal Counter ComputeMicroseconds { get; }

    internal Counter BatchExecutions { get; }

    internal Counter BatchComputeMicroseconds { get; }

    internal Histogram QueueSeconds { get; }

    internal Histogram ComputeSeconds { get; }

    /// <summary>A request was answered successfully after <paramref name="duration"/>.</summary>
    public void Succeeded(TimeSpan duration)
    {
        Success.WithLabels(_labels).Inc();
        RequestMicroseconds.WithLabels(_labels).Inc(duration.TotalMicroseconds);
    }

    /// <summary>A request failed after <paramref name="duration"/>, for <paramref name="reason"/> (Triton's: REJECTED, CANCELED, BACKEND, OTHER).</summary>
    public void Failed(string reason, TimeSpan duration)
    {
        Failure.WithLabels([.. _labels, reason]).Inc();
        RequestMicroseconds.WithLabels(_labels).Inc(duration.TotalMicroseconds);
        FailureMicroseconds.WithLabels(_labels).Inc(duration.TotalMicroseconds);
    }

    /// <summary>A request waited <paramref name="wait"/> in the queue before its batch ran.</summary>
    public void Queued(TimeSpan wait)
    {
        QueueMicroseconds.WithLabels(_labels).Inc(wait.TotalMicroseconds);
        QueueSeconds.WithLabels(_labels).Observe(wait.TotalSeconds);
    }

    /// <summary>The model scored a batch of <paramref name="images"/> in <paramref name="compute"/>.</summary>
    public void Executed(int images, TimeSpan compute)
    {
        Executions.WithLabels(_labels).Inc();
        Inferences.WithLabels(_labels).Inc(images);
        ComputeMicroseconds.WithLabels(_labels).Inc(compute.TotalMicroseconds);
        ComputeSeconds.WithLabels(_labels).Observe(compute.TotalSeconds);
        string size = images.ToString(System.Globalization.CultureInfo.InvariantCulture);
        BatchExecutions.WithLabels([.. _labels, size]).Inc();
        BatchComputeMicroseconds.WithLabels([.. _labels, size]).Inc(compute.TotalMicroseconds);
        Interlocked.Exchange(ref _lastInferenceMilliseconds, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
    }

}
