namespace AlexNetMl.Export.Quantization;

/// <summary>The int8 model disagrees with the fp32 module too often; nothing was written.</summary>
public sealed class QuantizationVerificationException : Exception
{
    public QuantizationVerificationException()
    {
    }

    public QuantizationVerificationException(string message)
        : base(message)
    {
    }

    public QuantizationVerificationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception from a failed report.</summary>
    public QuantizationVerificationException(QuantizationReport report)
        : base($"The int8 model was not written: {report?.Line}.")
    {
        Report = report;
    }

    /// <summary>The figures that failed.</summary>
    public QuantizationReport? Report { get; }
}
