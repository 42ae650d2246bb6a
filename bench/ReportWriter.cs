using System.Globalization;
using System.Text.Json;
using System.Text;

namespace AlexNetMl.Bench;

/// <summary>Writes docs/benchmarks.md and bench/results.json from one <see cref="BenchReport"/>.</summary>
public static class ReportWriter
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static string ToJson(BenchReport report) => JsonSerializer.Serialize(report, JsonOptions);

    /// <summary>Reads a report <see cref="ToJson"/> wrote.</summary>
    public static BenchReport FromJson(string json) =>
        JsonSerializer.Deserialize<BenchReport>(json, JsonOptions) ?? throw new JsonException("The report is empty (null).");

    public static string ToMarkdown(BenchReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var text = new StringBuilder();
        text.AppendLine("# Benchmarks").AppendLine();
        text.AppendLine("Written by `dotnet run -c Release --project bench`" + (report.Quick ? " **--quick** (harness check only: these figures mean nothing)" : string.Empty) +
                        $" on {report.Date.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC, on the machine below. Every item ran in this one process, " +
                        "except the main-job rows (read from the job's own run folders) and the rows marked as measured in a child process.").AppendLine();
        foreach (PartialRun partial in report.PartialRuns)
        {
            text.AppendLine($"{Sections(partial)} re-measured later by `{partial.Command}` " +
                            $"on {partial.Date.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC, {MachineDifference(report.Machine, partial.Machine)}; its figures replace that run's.").AppendLine();
        }

        text.AppendLine("## Machine").AppendLine().AppendLine("| | |").AppendLine("|---|---|");
        foreach ((string key, string value) in report.Machine)
        {
            text.AppendLine($"| {key} | {value} |");
        }

        foreach (IGrouping<string, Figure> section in report.Figures.GroupBy(f => f.Section))
        {
            text.AppendLine().AppendLine($"## {char.ToUpperInvariant(section.Key[0])}{section.Key[1..]}").AppendLine();
            if (report.PartialRuns.LastOrDefault(p => p.Sections.Contains(section.Key)) is { } remeasured)
            {
                text.AppendLine($"Re-measured on {remeasured.Date.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC (see above).").AppendLine();
            }

            text.AppendLine("| measure | value | unit | target | met |").AppendLine("|---|---:|---|---|---|");
            foreach (Figure figure in section)
            {
                string met = figure.Met switch { true => "yes", false => "**no**", null => string.Empty };
                text.AppendLine($"| {figure.Name} | {Format(figure.Value)} | {figure.Unit} | {figure.Target} | {met} |");
            }
        }

        if (report.Notes.Count > 0)
        {
            text.AppendLine().AppendLine("## Notes").AppendLine();
            foreach (string note in report.Notes)
            {
                text.AppendLine($"- {note}");
            }
        }

        return text.ToString();
    }

    private static string Sections(PartialRun partial) =>
        partial.Sections.Count == 1 ? $"The {partial.Sections[0]} section was" : $"The {string.Join(", ", partial.Sections)} sections were";

    private static string MachineDifference(IReadOnlyDictionary<string, string> machine, IReadOnlyDictionary<string, string> later)
    {
        string[] differences = [.. later.Where(entry => !machine.TryGetValue(entry.Key, out string? value) || value != entry.Value)
            .Select(entry => $"{entry.Key} {(machine.TryGetValue(entry.Key, out string? value) ? value : "?")} → {entry.Value}")];
        return differences.Length == 0 ? "on a machine described as the one below" : $"on a machine that differs from the one below in: {string.Join("; ", differences)}";
    }

    private static string Format(double value) =>
        Math.Abs(value) >= 100 ? value.ToString("N0", CultureInfo.InvariantCulture)
        : Math.Abs(value) >= 1 ? value.ToString("F2", CultureInfo.InvariantCulture)
        : value.ToString("F3", CultureInfo.InvariantCulture);
}
