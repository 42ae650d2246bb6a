using System.CommandLine;
using System.CommandLine.Parsing;
using AlexNetMl.Contract.Settings;

namespace AlexNetMl.Contract.Programs;

/// <summary>Options whose values are settings, spelled and parsed one way by every program (<see cref="SettingNames"/>).</summary>
public static class SettingOptions
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

    /// <summary>Runs <paramref name="parse"/>; its <see cref="ArgumentException"/> becomes System.CommandLine's own error (one line, exit 2), not an exception out of Parse.</summary>
    public static T Parse<T>(ArgumentResult result, Func<T> parse)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(parse);
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
