using AlexNetMl.Contract.Runs;
using AlexNetMl.Contract.Settings;
using AlexNetMl.Pipeline.Data;

namespace AlexNetMl.Bench;

/// <summary>Figures of a finished main-job run folder: settings, machine, accuracy on the test set, and the job's own timing.</summary>
public sealed record RunSummary(string Id, string Profile, string Model, string Optimizer, string Precision, string Isa, bool NativeBf16, long TrainingImages, double Accuracy, long EvaluatedImages, double Seconds, double? BudgetSeconds, int Replans)
{
    /// <summary>
    /// What ran, for a report row's label: model, profile, optimizer, precision and ISA. Not the training recipe
    /// (<see cref="TrainingConfig.DescribeRecipe"/>), which also names the rates and regularisers.
    /// </summary>
    public string Setup => $"{Model}, profile {Profile}, {Optimizer}, {Precision} on {Isa}";

    /// <summary>Reads the run manifest of <paramref name="runDirectory"/>.</summary>
    public static RunSummary Read(string runDirectory)
    {
        RunManifest manifest = RunManifestFile.Read(RunFolder.Open(runDirectory));
        if (manifest.Metrics is not { } metrics || manifest.Timing is not { } timing)
        {
            throw new ArgumentException($"{runDirectory} is not a finished, evaluated run: its {RunFolder.ManifestFile} has no metrics or no timing.");
        }

        TrainingConfig config = manifest.Config;
        return new RunSummary(
            manifest.RunId,
            SettingNames.Of(config.Profile),
            SettingNames.Of(config.Model),
            SettingNames.Of(config.Optimizer),
            SettingNames.Of(config.Precision),
            manifest.Provenance.Machine.Isa,
            manifest.Provenance.Machine.Bf16,
            manifest.Replans.Count > 0 ? manifest.Replans[^1].NewImages : config.Plan?.TrainingImages ?? (config.Epochs * (long)(config.TrainLimit ?? FullTrainingSet)),
            metrics.MicroAccuracy,
            metrics.Images,
            timing.Seconds,
            timing.BudgetSeconds,
            manifest.Replans.Count);
    }

    // A run without a train limit trains on the whole training split each epoch.
    private static int FullTrainingSet => IdxReader.CanonicalCounts[FashionMnistFiles.ImagesName(FashionMnistSplit.Train)];
}
