using AlexNetMl.Contract.Programs;

namespace AlexNetMl.Contract.Model;

/// <summary>A model file's metadata does not form a valid <see cref="ModelContract"/>; the message names the field.</summary>
public sealed class ModelContractException : BadInputException
{
    public ModelContractException()
    {
    }

    public ModelContractException(string message)
        : base(message)
    {
    }

    public ModelContractException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
