namespace AlexNetMl.Contract.Runs;

/// <summary>How the learning rate moves over the run.</summary>
public enum LrSchedule
{
    /// <summary>The peak rate throughout (after any warm-up): the book.</summary>
    Constant,

    /// <summary>Half a cosine from the peak down to 0 over the planned steps (after any warm-up).</summary>
    Cosine,
}
