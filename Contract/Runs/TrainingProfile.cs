namespace AlexNetMl.Contract.Runs;

/// <summary>The named starting points of a run (their settings: <c>TrainingProfiles</c> in Training/Planning).</summary>
public enum TrainingProfile
{
    /// <summary>The book's recipe: plain SGD, lr 0.01, batch 128, 10 epochs over all 60,000 images.</summary>
    Book,

    /// <summary>The same network and input, planned to fit a time budget on this machine.</summary>
    Cpu,
}
