namespace AlexNetMl.Contract.Runs;

/// <summary>
/// What a run folder holds and how it came to be, in one typed file (<see cref="RunFolder.ManifestFile"/>): the
/// settings and plan, where and with what it ran, the models it wrote, the metrics they reached and the job's time.
/// Training writes it step by step; resume, bench, serve and the tests read it back through these records.
/// </summary>
public sealed record RunManifest
{
    /// <summary>The version this build writes and the only one it reads.</summary>
    public const int CurrentVersion = 1;

    /// <summary>The manifest's format version; a reader refuses any other.</summary>
    public int Version { get; init; } = CurrentVersion;

    /// <summary>The run id, the run folder's name.</summary>
    public required string RunId { get; init; }

    /// <summary>Every setting of the run, including the plan that fixed its length (<see cref="TrainingConfig.Plan"/>).</summary>
    public required TrainingConfig Config { get; init; }

    /// <summary><see cref="TrainingConfig.Hash"/> of <see cref="Config"/>, as stored in checkpoints and ONNX metadata.</summary>
    public required string ConfigHash { get; init; }

    /// <summary>Where and with what the run was made.</summary>
    public required RunProvenance Provenance { get; init; }

    /// <summary>Resumes that changed a setting, in order.</summary>
    public IReadOnlyList<ResumeChange> Resumes { get; init; } = [];

    /// <summary>The re-planner's decisions, in order: how a budgeted run's length followed the machine (also in the checkpoint).</summary>
    public IReadOnlyList<Replan> Replans { get; init; } = [];

    /// <summary>The model files the run wrote; null until the export step has run.</summary>
    public RunModels? Models { get; init; }

    /// <summary>The evaluation's headline figures; null until (or unless) the evaluation has run.</summary>
    public RunMetrics? Metrics { get; init; }

    /// <summary>The job's time against its budget; null until the job has finished.</summary>
    public JobTiming? Timing { get; init; }
}
