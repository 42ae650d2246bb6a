namespace AlexNetMl.Training.Training;

/// <summary>The named starting points of a run (<see cref="TrainingProfiles"/>).</summary>
public enum TrainingProfile
{
    /// <summary>The book's recipe: plain SGD, lr 0.01, batch 128, 10 epochs over all 60,000 images.</summary>
    Book,

    /// <summary>The same network and input, planned to fit a time budget on this machine.</summary>
    Cpu,
}
