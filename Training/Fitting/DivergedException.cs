namespace AlexNetMl.Training.Fitting;

/// <summary>The loss became NaN or infinite; the last good checkpoint is left as it was.</summary>
public sealed class DivergedException : Exception
{
    public DivergedException()
    {
    }

    public DivergedException(string message)
        : base(message)
    {
    }

    public DivergedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
