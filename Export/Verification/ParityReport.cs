namespace AlexNetMl.Export.Verification;

/// <summary>TorchSharp vs ONNX Runtime on one batch.</summary>
/// <param name="BatchSize">Images in the batch.</param>
/// <param name="MaxAbsoluteDifference">Largest |logit_torch − logit_ort|.</param>
/// <param name="LogitScale">Largest |logit_torch|, floored at 1: what the difference is measured against.</param>
/// <param name="ArgmaxMismatches">Images whose predicted class differs.</param>
public sealed record BatchParity(int BatchSize, double MaxAbsoluteDifference, double LogitScale, int ArgmaxMismatches)
{
    /// <summary>The difference relative to the logit scale.</summary>
    public double RelativeDifference => MaxAbsoluteDifference / LogitScale;
}

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

/// <summary>The exported file does not reproduce TorchSharp's outputs; the file has been removed.</summary>
public sealed class ExportVerificationException : Exception
{
    public ExportVerificationException()
    {
    }

    public ExportVerificationException(string message)
        : base(message)
    {
    }

    public ExportVerificationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception from a failed report.</summary>
    public ExportVerificationException(ParityReport report)
        : base($"ONNX export failed verification against TorchSharp ({report.InputDescription}): {string.Join("; ", report.Lines)}")
    {
        Report = report;
    }

    /// <summary>The figures that failed.</summary>
    public ParityReport? Report { get; }
}
