namespace AlexNetMl.Bench;

/// <summary>How big each benchmark item is: the full run, or the quick run that only checks the harness.</summary>
public sealed record BenchSettings
{
    /// <summary>Whether this is the quick (harness check) run.</summary>
    public bool Quick { get; init; }

    /// <summary>Side of the square GEMM.</summary>
    public int GemmSide { get; init; } = 4096;

    /// <summary>Timed GEMMs per precision.</summary>
    public int GemmRepeats { get; init; } = 3;

    /// <summary>Training batch sizes measured.</summary>
    public IReadOnlyList<int> TrainingBatches { get; init; } = [32, 64, 128];

    /// <summary>Batch of the bf16 and layer-profile items.</summary>
    public int MixedPrecisionBatch { get; init; } = 64;

    /// <summary>Timed training steps per batch size (after one warm-up step).</summary>
    public int TrainingSteps { get; init; } = 4;

    /// <summary>Images scored by each scoring path.</summary>
    public int ScoringImages { get; init; } = 512;

    /// <summary>Images evaluated for the evaluation memory figure (the whole test set).</summary>
    public int EvaluationImages { get; init; } = 10_000;

    /// <summary>Single-image predictions for the latency percentiles.</summary>
    public int LatencySamples { get; init; } = 200;

    /// <summary>Concurrent clients of the serving load (the serving targets are set at 8).</summary>
    public int ServingClients { get; init; } = 8;

    /// <summary>Images per request of the serving transport rows (JSON, binary, gRPC).</summary>
    public int ServingBatch { get; init; } = 64;

    /// <summary>Seconds of the serving soak.</summary>
    public int SoakSeconds { get; init; } = 600;

    /// <summary>Seconds of load per serving endpoint.</summary>
    public int ServingSeconds { get; init; } = 20;

    /// <summary>The full run.</summary>
    public static BenchSettings Full { get; } = new();

    /// <summary>Small enough for CI: every item runs, no figure means anything.</summary>
    public static BenchSettings QuickRun { get; } = new()
    {
        Quick = true,
        GemmSide = 256,
        GemmRepeats = 1,
        TrainingBatches = [2],
        MixedPrecisionBatch = 2,
        TrainingSteps = 1,
        ScoringImages = 8,
        EvaluationImages = 16,
        LatencySamples = 4,
        ServingClients = 2,
        ServingSeconds = 1,
        ServingBatch = 2,
        SoakSeconds = 2,
    };
}
