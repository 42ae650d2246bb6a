using System.Globalization;
using System.Text.RegularExpressions;

namespace AlexNetMl.Training.Planning;

/// <summary>Durations as people write them: "20m", "1h30m", "90s", "1.5h"; and back to "1 h 05 min".</summary>
public static partial class Durations
{
    /// <summary>Parses <paramref name="text"/>; throws <see cref="ArgumentException"/> naming <paramref name="option"/> when it is not a duration.</summary>
    public static TimeSpan Parse(string text, string option)
    {
        ArgumentNullException.ThrowIfNull(text);
        Match match = Pattern().Match(text.Trim());
        if (!match.Success || match.Groups["part"].Captures.Count == 0)
        {
            throw new ArgumentException($"{option} must be a duration such as 20m, 1h30m or 90s (got '{text}').");
        }

        double seconds = 0;
        for (int i = 0; i < match.Groups["part"].Captures.Count; i++)
        {
            double value = double.Parse(match.Groups["value"].Captures[i].Value, CultureInfo.InvariantCulture);
            seconds += value * match.Groups["unit"].Captures[i].Value switch { "h" => 3600, "m" => 60, _ => 1 };
        }

        return seconds is > 0 and < 366 * 24 * 3600
            ? TimeSpan.FromSeconds(seconds)
            : throw new ArgumentException($"{option} must be between 1 s and a year (got '{text}').");
    }

    /// <summary>"1 h 05 min", "12 min 30 s" or "45 s".</summary>
    public static string Format(double seconds)
    {
        var span = TimeSpan.FromSeconds(Math.Max(0, Math.Round(seconds)));
        return span.TotalHours >= 1 ? $"{(int)span.TotalHours} h {span.Minutes:D2} min"
            : span.TotalMinutes >= 1 ? $"{span.Minutes} min {span.Seconds:D2} s"
            : $"{span.Seconds} s";
    }

    [GeneratedRegex(@"^(?<part>(?<value>\d+(\.\d+)?)(?<unit>[hms]))+$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
