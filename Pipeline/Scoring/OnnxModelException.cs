namespace AlexNetMl.Pipeline.Scoring;

/// <summary>A model file is missing, not ONNX, or does not have the interface the pipeline needs.</summary>
public sealed class OnnxModelException : Exception
{
    public OnnxModelException()
    {
    }

    public OnnxModelException(string message)
        : base(message)
    {
    }

    public OnnxModelException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
