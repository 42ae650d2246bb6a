namespace AlexNetMl.Export.Libtorch;

/// <summary>TorchSharp's native library could not be loaded. The message says what is missing and what to do.</summary>
public sealed class TorchUnavailableException : Exception
{
    public TorchUnavailableException()
    {
    }

    public TorchUnavailableException(string message)
        : base(message)
    {
    }

    public TorchUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
