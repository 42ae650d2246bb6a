namespace AlexNetMl.Bench;

/// <summary>One measured subject of the benchmark: it adds its figures and notes to the context.</summary>
public interface IBenchSubject
{
    /// <summary>
    /// The subject's name for <c>--only</c>: its type name without "Bench", lower-case (ServingBench: serving). A
    /// subject's notes start with its report section, capitalised, and " rows" ("Serving rows: ..."), so that a partial
    /// run can replace them with its own.
    /// </summary>
    string Name => GetType().Name.Replace("Bench", string.Empty, StringComparison.Ordinal).ToLowerInvariant();

    void Run(BenchContext context);
}
