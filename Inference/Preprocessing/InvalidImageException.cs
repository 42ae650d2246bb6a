using AlexNetMl.Contract.Programs;

namespace AlexNetMl.Inference.Preprocessing;

/// <summary>An input is not an image the classifier accepts: empty, too large, not an image, corrupt or truncated.</summary>
public sealed class InvalidImageException : BadInputException
{
    public InvalidImageException()
    {
    }

    public InvalidImageException(string message)
        : base(message)
    {
    }

    public InvalidImageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
