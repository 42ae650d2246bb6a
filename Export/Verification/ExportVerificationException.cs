namespace AlexNetMl.Export.Verification;

/// <summary>The exported model does not reproduce TorchSharp's outputs; it was verified before being written, so nothing was written.</summary>
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
