namespace AlexNetMl.Bench;

/// <summary>Everything one benchmark run measured, and where.</summary>
public sealed record BenchReport
{
    /// <summary>When the run started (UTC).</summary>
    public required DateTime Date { get; init; }

    /// <summary>Whether this was the quick harness check (figures meaningless).</summary>
    public required bool Quick { get; init; }

    /// <summary>CPU model, cores, SIMD flags, device, versions.</summary>
    public required IReadOnlyDictionary<string, string> Machine { get; init; }

    /// <summary>The figures, in order.</summary>
    public required IReadOnlyList<Figure> Figures { get; init; }

    /// <summary>Remarks computed during the run (which layer falls short, and so on).</summary>
    public required IReadOnlyList<string> Notes { get; init; }

    /// <summary>Later runs of some subjects only, whose sections replaced this run's; empty for a whole run.</summary>
    public IReadOnlyList<PartialRun> PartialRuns { get; init; } = [];
}
