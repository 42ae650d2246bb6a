using AlexNetMl.Contract.Programs;

namespace AlexNetMl.Pipeline.Data;

/// <summary>An IDX file is missing, corrupt, or does not hold Fashion-MNIST. The message names the file and the fault.</summary>
public sealed class IdxFormatException : BadInputException
{
    public IdxFormatException()
    {
    }

    public IdxFormatException(string message)
        : base(message)
    {
    }

    public IdxFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for <paramref name="path"/>; the message starts with the file name.</summary>
    public IdxFormatException(string path, string problem, Exception? innerException = null)
        : base($"{Path.GetFileName(path)}: {problem}", innerException!)
    {
        FilePath = path;
    }

    /// <summary>The offending file, when there is one.</summary>
    public string? FilePath { get; }
}
