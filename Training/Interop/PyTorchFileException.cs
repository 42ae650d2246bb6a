using AlexNetMl.Contract.Programs;

namespace AlexNetMl.Training.Interop;

/// <summary>A PyTorch weights file that cannot be used: not a state_dict, another architecture, or a dtype other than float32.</summary>
public sealed class PyTorchFileException : BadInputException
{
    /// <summary>Creates the exception with a message that names the file and the fault.</summary>
    public PyTorchFileException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message that names the file and the fault, and the reader's own failure.</summary>
    public PyTorchFileException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
