using System.Text.Json;

namespace AlexNetMl.Bench;

/// <summary>Figures of a finished main-job run folder: settings, machine, accuracy on the test set, and the job's own timing.</summary>
public sealed record RunSummary(string Id, string Profile, string Model, string Precision, string Isa, bool NativeBf16, long TrainingImages, double Accuracy, long EvaluatedImages, double Seconds, double? BudgetSeconds)
{
    /// <summary>Reads config.json, metrics.json and job.json of <paramref name="runDirectory"/>.</summary>
    public static RunSummary Read(string runDirectory)
    {
        string configPath = Path.Combine(runDirectory, "config.json");
        string metricsPath = Path.Combine(runDirectory, "metrics.json");
        string jobPath = Path.Combine(runDirectory, "job.json");
        if (!File.Exists(configPath) || !File.Exists(metricsPath) || !File.Exists(jobPath))
        {
            throw new FileNotFoundException($"{runDirectory} is not a finished run: it needs config.json, metrics.json and job.json.");
        }

        using JsonDocument config = JsonDocument.Parse(File.ReadAllText(configPath));
        using JsonDocument metrics = JsonDocument.Parse(File.ReadAllText(metricsPath));
        using JsonDocument job = JsonDocument.Parse(File.ReadAllText(jobPath));
        JsonElement settings = config.RootElement.GetProperty("config");
        JsonElement machine = config.RootElement.GetProperty("machine");
        int epochs = settings.GetProperty("epochs").GetInt32();
        long perEpoch = settings.GetProperty("train_limit").ValueKind == JsonValueKind.Number ? settings.GetProperty("train_limit").GetInt64() : 60_000;
        JsonElement budget = job.RootElement.GetProperty("budget_seconds");
        return new RunSummary(
            config.RootElement.GetProperty("run_id").GetString()!,
            settings.GetProperty("profile").GetString()!,
            settings.GetProperty("model").GetString()!,
            settings.GetProperty("precision").GetString()!,
            machine.GetProperty("isa").GetString()!,
            machine.GetProperty("bf16").GetBoolean(),
            epochs * perEpoch,
            metrics.RootElement.GetProperty("micro_accuracy").GetDouble(),
            metrics.RootElement.GetProperty("images").GetInt64(),
            job.RootElement.GetProperty("seconds").GetDouble(),
            budget.ValueKind == JsonValueKind.Number ? budget.GetDouble() : null);
    }
}
