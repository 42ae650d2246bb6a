using System.Globalization;
using System.Text.Json;

namespace AlexNetMl.Bench;

/// <summary>Figures of a finished main-job run folder: settings, accuracy on the test set, and how long it took.</summary>
public sealed record RunSummary(string Id, string Profile, string Precision, long TrainingImages, double Accuracy, long EvaluatedImages, double Seconds)
{
    /// <summary>Reads config.json and metrics.json of <paramref name="runDirectory"/>.</summary>
    /// <remarks>The duration runs from config.json's start time to when metrics.json, the job's last file, was written.</remarks>
    public static RunSummary Read(string runDirectory)
    {
        string configPath = Path.Combine(runDirectory, "config.json");
        string metricsPath = Path.Combine(runDirectory, "metrics.json");
        if (!File.Exists(configPath) || !File.Exists(metricsPath))
        {
            throw new FileNotFoundException($"{runDirectory} is not a finished run: it needs config.json and metrics.json.");
        }

        using JsonDocument config = JsonDocument.Parse(File.ReadAllText(configPath));
        using JsonDocument metrics = JsonDocument.Parse(File.ReadAllText(metricsPath));
        JsonElement settings = config.RootElement.GetProperty("config");
        DateTime started = DateTime.Parse(config.RootElement.GetProperty("started").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
        int epochs = settings.GetProperty("epochs").GetInt32();
        long perEpoch = settings.GetProperty("train_limit").ValueKind == JsonValueKind.Number ? settings.GetProperty("train_limit").GetInt64() : 60_000;
        return new RunSummary(
            config.RootElement.GetProperty("run_id").GetString()!,
            settings.GetProperty("profile").GetString()!,
            settings.GetProperty("precision").GetString()!,
            epochs * perEpoch,
            metrics.RootElement.GetProperty("micro_accuracy").GetDouble(),
            metrics.RootElement.GetProperty("images").GetInt64(),
            (File.GetLastWriteTime(metricsPath) - started.ToLocalTime()).TotalSeconds);
    }
}
