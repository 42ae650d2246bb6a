using AlexNetMl.Contract.Programs;

namespace AlexNetMl.Inference.Serving.OpenInference;

/// <summary>An infer request does not fit the model: wrong tensor name, datatype, shape or data.</summary>
public sealed class InferenceRequestException : BadInputException
{
    public InferenceRequestException()
    {
    }

    public InferenceRequestException(string message)
        : base(message)
    {
    }

    public InferenceRequestException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
