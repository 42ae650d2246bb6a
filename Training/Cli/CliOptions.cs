using System.CommandLine.Parsing;
using System.CommandLine;
using AlexNetMl.Contract.Settings;
using AlexNetMl.Training.Planning;

namespace AlexNetMl.Training.Cli;

/// <summary>Options of the enum and duration kinds, spelled and parsed one way for every command.</summary>
internal static class CliOptions
{
    /// <summary>An option taking one of <typeparamref name="T"/>'s spellings; <c>--help</c> lists them.</summary>
    public static Option<T?> Enum<T>(string name, string description)
        where T : struct, System.Enum
    {
        var option = new Option<T?>(name)
        {
            Description = description,
            CustomParser = result => Parse(result, () => SettingNames.Parse<T>(result.Tokens.Single().Value, name)),
        };
        return option.AcceptOnlyFromAmong(StringComparer.OrdinalIgnoreCase, SettingNames.All<T>());
    }

    /// <summary>
    /// An option taking a duration ("20m", "1h30m"), or "none", read as <see cref="TimeSpan.Zero"/>: no budget, no
    /// periodic checkpoint. Whether it was given at all is <c>parse.GetResult(option) is not null</c>.
    /// </summary>
    public static Option<TimeSpan> Duration(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "duration|none",
        CustomParser = result => Parse(result, () =>
        {
            string text = result.Tokens.Single().Value;
            return text.Trim().Equals("none", StringComparison.OrdinalIgnoreCase) ? TimeSpan.Zero : Durations.Parse(text, name);
        }),
    };

    // A parse error becomes System.CommandLine's own error (one line, exit 2), not an exception out of Parse.
    private static T Parse<T>(ArgumentResult result, Func<T> parse)
    {
        try
        {
            return parse();
        }
        catch (ArgumentException e)
        {
            result.AddError(e.Message);
            return default!;
        }
    }
}
