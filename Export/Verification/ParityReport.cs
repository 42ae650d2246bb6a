namespace AlexNetMl.Export.Verification;

/// <summary>The verification of one exported file.</summary>
/// <param name="Batches">One entry per batch size checked.</param>
/// <param name="Tolerance">Largest relative difference allowed.</param>
/// <param name="InputDescription">What the inputs were (real test images or seeded random).</param>
public sealed record ParityReport(IReadOnlyList<BatchParity> Batches, double Tolerance, string InputDescription)
{
    /// <summary>Whether every batch is within tolerance with identical argmax.</summary>
    public bool Passed => Batches.All(b => b.RelativeDifference <= Tolerance && b.ArgmaxMismatches == 0);

    /// <summary>One line per batch, for printing.</summary>
    public IEnumerable<string> Lines => Batches.Select(b =>
        $"batch {b.BatchSize,3}: max |Δlogit| {b.MaxAbsoluteDifference:E2} (relative {b.RelativeDifference:E2}, limit {Tolerance:E0}), argmax mismatches {b.ArgmaxMismatches}");
}
