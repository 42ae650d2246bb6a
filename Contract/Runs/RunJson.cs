using System.Text.Json.Serialization;
using AlexNetMl.Contract.Settings;

namespace AlexNetMl.Contract.Runs;

/// <summary>
/// The one serializer of run files, generated at build time: snake_case names, enums spelled as on the command line
/// (<see cref="SettingNameConverter"/>), indented.
/// </summary>
[JsonSourceGenerationOptions(
    WriteIndented = true,
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    Converters = [typeof(SettingNameConverter)])]
[JsonSerializable(typeof(RunManifest))]
[JsonSerializable(typeof(TrainingConfig))]
public sealed partial class RunJson : JsonSerializerContext;
