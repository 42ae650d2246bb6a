using System.Text.Json.Serialization;
using System.Text.Json;

namespace AlexNetMl.Contract.Settings;

/// <summary>
/// Writes and reads every enum setting as <see cref="SettingNames"/> spells it: the member's
/// <see cref="JsonStringEnumMemberNameAttribute"/> where it has one, else its name in kebab case.
/// </summary>
public sealed class SettingNameConverter() : JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false);
