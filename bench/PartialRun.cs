namespace AlexNetMl.Bench;

/// <summary>A later run of some subjects only (<c>--only</c>), whose figures replaced those sections of the report.</summary>
/// <param name="Subjects">The subjects re-run, as named to <c>--only</c>.</param>
/// <param name="Sections">The report sections they wrote.</param>
/// <param name="Date">When that run started (UTC).</param>
/// <param name="Machine">The machine it ran on.</param>
public sealed record PartialRun(IReadOnlyList<string> Subjects, IReadOnlyList<string> Sections, DateTime Date, IReadOnlyDictionary<string, string> Machine);
