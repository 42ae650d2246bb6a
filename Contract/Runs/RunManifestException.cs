using AlexNetMl.Contract.Programs;

namespace AlexNetMl.Contract.Runs;

/// <summary>A run manifest cannot be read: damaged, or of a version this build does not read.</summary>
public sealed class RunManifestException : BadInputException
{
    /// <summary>Creates the exception with a generic message.</summary>
    public RunManifestException()
    {
    }

    /// <summary>Creates the exception with a message that says which file and how to fix it.</summary>
    public RunManifestException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the parser's exception.</summary>
    public RunManifestException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
