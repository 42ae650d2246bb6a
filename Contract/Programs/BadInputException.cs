namespace AlexNetMl.Contract.Programs;

/// <summary>
/// A fault in what the user gave a program: an argument, a data file, a model, a checkpoint, an image. Programs print
/// its message as one line on stderr and exit with <see cref="ExitCodes.BadInput"/>; any other exception is an
/// internal error (<see cref="ExitCodes.InternalError"/>, with a log file).
/// </summary>
public abstract class BadInputException : Exception
{
    protected BadInputException()
    {
    }

    protected BadInputException(string message)
        : base(message)
    {
    }

    protected BadInputException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
