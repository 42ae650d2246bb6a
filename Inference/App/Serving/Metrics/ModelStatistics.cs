
namespace AlexNetMl.Inference.Serving.Metrics;

/// <summary>
/// Triton's statistics extension (<c>GET /v2/models/{name}/stats</c>), read from the counters <c>/metrics</c> exposes
/// (<see cref="InferenceMetrics"/>): counts, and cumulative durations in nanoseconds. The model has no separate input
/// or output copy, so <c>compute_input</c> and <c>compute_output</c> are zero.
/// </summary>
public static class ModelStatistics
{
    /// <summary>The statistics body for the one served model.</summary>
    public static object Of(InferenceMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        string[] labels = [metrics.Model, metrics.Version];
        double failed = metrics.Failure.GetAllLabelValues().Where(l => l[0] == metrics.Model && l[1] == metrics.Version).Sum(l => metrics.Failure.WithLabels(l).Value);
        double failedUs = metrics.FailureMicroseconds.WithLabels(labels).Value;
        double allUs = metrics.RequestMicroseconds.WithLabels(labels).Value;
        long executions = (long)metrics.Executions.WithLabels(labels).Value;
        var batchStats = metrics.BatchExecutions.GetAllLabelValues()
            .Where(l => l[0] == metrics.Model && l[1] == metrics.Version)
            .Select(l => (Size: int.Parse(l[2], System.Globalization.CultureInfo.InvariantCulture), Count: metrics.BatchExecutions.WithLabels(l).Value, Us: metrics.BatchComputeMicroseconds.WithLabels(l).Value))
            .OrderBy(b => b.Size)
            .Select(b => new { batch_size = b.Size, compute_input = Duration(0, 0), compute_infer = Duration(b.Count, b.Us), compute_output = Duration(0, 0) });
        return new
        {
            model_stats = new[]
            {
                new
                {
                    name = metrics.Model,
                    version = metrics.Version,
                    last_inference = metrics.LastInferenceMilliseconds,
                    inference_count = (long)metrics.Inferences.WithLabels(labels).Value,
                    execution_count = executions,
                    inference_stats = new
                    {
                        success = Duration(metrics.Success.WithLabels(labels).Value, allUs - failedUs),
                        fail = Duration(failed, failedUs),
                        queue = Duration(metrics.QueueSeconds.WithLabels(labels).Count, metrics.QueueMicroseconds.WithLabels(labels).Value),
                        compute_input = Duration(0, 0),
                        compute_infer = Duration(executions, metrics.ComputeMicroseconds.WithLabels(labels).Value),
                        compute_output = Duration(0, 0),
                    },
                    batch_stats = batchStats.ToArray(),
                },
            },
        };
    }

    private static object Duration(double count, double microseconds) => new { count = (long)count, ns = (long)Math.Round(microseconds * 1000) };
}
