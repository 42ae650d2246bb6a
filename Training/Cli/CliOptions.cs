using System.CommandLine;
using AlexNetMl.Contract.Programs;
using AlexNetMl.Training.Planning;

namespace AlexNetMl.Training.Cli;

/// <summary>Options of the duration kind, spelled and parsed one way for every command (enums: <see cref="SettingOptions"/>).</summary>
internal static class CliOptions
{
    /// <summary>
    /// An option taking a duration ("20m", "1h30m"), or "none", read as <see cref="TimeSpan.Zero"/>: no budget, no
    /// periodic checkpoint. Whether it was given at all is <c>parse.GetResult(option) is not null</c>.
    /// </summary>
    public static Option<TimeSpan> Duration(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "duration|none",
        CustomParser = result => SettingOptions.Parse(result, () =>
        {
            string text = result.Tokens.Single().Value;
            return text.Trim().Equals("none", StringComparison.OrdinalIgnoreCase) ? TimeSpan.Zero : Durations.Parse(text, name);
        }),
    };
}
