namespace AlexNetMl.Bench;

/// <summary>A later run of some subjects only (<c>--only</c>), whose figures replaced those sections of the report.</summary>
/// <param name="Subjects">The subjects re-run, as named to <c>--only</c>.</param>
/// <param name="Sections">The report sections they wrote.</param>
/// <param name="Date">When that run started (UTC).</param>
/// <param name="Machine">The machine it ran on.</param>
/// <param name="Arguments">Every argument that run was given that shapes its figures (<c>--only</c>, <c>--drift</c>, <c>--run</c>); null in reports written before they were kept.</param>
public sealed record PartialRun(IReadOnlyList<string> Subjects, IReadOnlyList<string> Sections, DateTime Date, IReadOnlyDictionary<string, string> Machine, IReadOnlyList<string>? Arguments = null)
{
    /// <summary>The command that made this run, as the report names it.</summary>
    public string Command => "dotnet run -c Release --project bench -- " + string.Join(" ", Arguments ?? [.. Subjects.SelectMany(s => new[] { "--only", s })]);

    /// <summary>The arguments of a run of <paramref name="only"/>, with <paramref name="drift"/> and <paramref name="runDirectories"/> as given.</summary>
    public static IReadOnlyList<string> ArgumentsOf(IReadOnlyList<string> only, bool drift, IReadOnlyList<string>? runDirectories)
    {
        ArgumentNullException.ThrowIfNull(only);
        return [.. only.SelectMany(s => new[] { "--only", s }), .. drift ? new[] { "--drift" } : [], .. (runDirectories ?? []).SelectMany(r => new[] { "--run", r })];
    }
}
