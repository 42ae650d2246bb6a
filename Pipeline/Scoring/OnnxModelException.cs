using AlexNetMl.Contract.Programs;

namespace AlexNetMl.Pipeline.Scoring;

/// <summary>A model file is missing, not a model, or does not have the interface its contract promises.</summary>
public sealed class OnnxModelException : BadInputException
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
