using System.Reflection;
using System.Text.Json.Serialization;
using System.Text.Json;

namespace AlexNetMl.Contract.Settings;

/// <summary>
/// The spelling of enum settings on the command line, in config.json and in metadata: the member's
/// <see cref="JsonStringEnumMemberNameAttribute"/> where it has one (<c>alexnet-28</c>), else its name in kebab case
/// (<c>Fp32</c> is <c>fp32</c>). <see cref="JsonConverter"/> serializes enums the same way, so every file agrees with the flags.
/// </summary>
public static class SettingNames
{
    /// <summary>The spelling of <paramref name="value"/>.</summary>
    public static string Of<T>(T value)
        where T : struct, Enum => Of((Enum)value);

    /// <summary>The spelling of <paramref name="value"/>, whatever its enum type.</summary>
    public static string Of(Enum value)
    {
        ArgumentNullException.ThrowIfNull(value);
        string name = value.ToString();
        return value.GetType().GetField(name)?.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? JsonNamingPolicy.KebabCaseLower.ConvertName(name);
    }

    /// <summary>The JSON converter that writes and reads every enum setting with these spellings.</summary>
    public static JsonConverter JsonConverter { get; } = new SettingNameConverter();

    /// <summary>Every allowed spelling of <typeparamref name="T"/>, in declaration order.</summary>
    public static string[] All<T>()
        where T : struct, Enum => Enum.GetValues<T>().Select(Of).ToArray();

    /// <summary>Parses a spelling (case-insensitive); throws <see cref="ArgumentException"/> listing the allowed ones.</summary>
    public static T Parse<T>(string text, string settingName)
        where T : struct, Enum
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (T value in Enum.GetValues<T>())
        {
            if (string.Equals(Of(value), text.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        throw new ArgumentException($"{settingName} must be one of {string.Join(", ", All<T>())} (got '{text}').");
    }
}
