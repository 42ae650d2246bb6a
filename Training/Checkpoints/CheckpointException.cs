using AlexNetMl.Contract.Programs;

namespace AlexNetMl.Training.Checkpoints;

/// <summary>A checkpoint file is missing, corrupt, of another format version, or of another model shape.</summary>
public sealed class CheckpointException : BadInputException
{
    public CheckpointException()
    {
    }

    public CheckpointException(string message)
        : base(message)
    {
    }

    public CheckpointException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
