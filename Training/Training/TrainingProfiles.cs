namespace AlexNetMl.Training.Training;

/// <summary>The named starting points for a run: the book's recipe, and one that fits a CPU's time budget.</summary>
public static class TrainingProfiles
{
    /// <summary>The book's run: plain SGD lr 0.01, batch 128, 10 epochs over all 60,000 images.</summary>
    public static TrainingConfig Book { get; } = new()
    {
        Profile = "book",
        Epochs = 10,
        BatchSize = 128,
        LearningRate = 0.01,
        Momentum = 0,
    };

    /// <summary>
    /// The same network and 224×224 input, trained on a CPU's budget: the main job (train, export, evaluate) finishes
    /// in under 25 minutes on 2 cores. Plain SGD at lr 0.01 barely moves in the few thousand steps that allows, so it
    /// takes momentum 0.9, smaller batches (more steps for the same images) and a cosine learning-rate decay (a steadier
    /// end point), and sees 5 × 12,000 freshly shuffled images: one dataset's worth.
    /// </summary>
    public static TrainingConfig Cpu { get; } = new()
    {
        Profile = "cpu",
        Epochs = 5,
        BatchSize = 64,
        LearningRate = 0.01,
        Momentum = 0.9,
        LrSchedule = "cosine",
        TrainLimit = 12_000,
        ValidationLimit = 2_000,
    };

    /// <summary>The profile by name.</summary>
    public static TrainingConfig ByName(string name) => name switch
    {
        "book" => Book,
        "cpu" => Cpu,
        _ => throw new ArgumentException($"--profile must be book or cpu (got '{name}')."),
    };
}
