namespace AlexNetMl.Contract.Runs;

/// <summary>A resume that changed one setting of a run.</summary>
/// <param name="At">When it resumed.</param>
/// <param name="Setting">The setting's name, as in <see cref="TrainingConfig"/>.</param>
/// <param name="Before">Its value before.</param>
/// <param name="After">Its value after.</param>
public sealed record ResumeChange(DateTimeOffset At, string Setting, string Before, string After);
