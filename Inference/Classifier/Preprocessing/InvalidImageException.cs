using AlexNetMl.Contract.Programs;

namespace AlexNetMl.Inference.Preprocessing;

/// <summary>An input is not an image the classifier accepts: empty, too large, not an image, corrupt or truncated.</summary>
public sealed class InvalidImageException : BadInputException
{
    /// <summary>Creates the exception with a generic message.</summary>
    public InvalidImageException()
    {
    }

    /// <summary>Creates the exception with a message that says what is wrong with the input and where.</summary>
    public InvalidImageException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the decoder's own exception.</summary>
    public InvalidImageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
