using AlexNetMl.Contract.Programs;

namespace AlexNetMl.Bench.Recipes;

/// <summary>A recipe study's journal cannot be read: damaged, or of a version this build does not read.</summary>
public sealed class RecipeJournalException : BadInputException
{
    /// <summary>Creates the exception with a generic message.</summary>
    public RecipeJournalException()
    {
    }

    /// <summary>Creates the exception with a message that says which file and how to fix it.</summary>
    public RecipeJournalException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the parser's exception.</summary>
    public RecipeJournalException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
