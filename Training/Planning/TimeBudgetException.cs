using AlexNetMl.Contract.Programs;

namespace AlexNetMl.Training.Planning;

/// <summary>The time budget cannot hold even a minimal run on this machine; the message says what would.</summary>
public sealed class TimeBudgetException : BadInputException
{
    public TimeBudgetException()
    {
    }

    public TimeBudgetException(string message)
        : base(message)
    {
    }

    public TimeBudgetException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
