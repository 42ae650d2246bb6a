namespace AlexNetMl.Training.Training;

/// <summary>The named starting points of a run (<see cref="TrainingProfiles"/>).</summary>
public enum TrainingProfile
{
    /// <summary>The book's recipe: plain SGD, lr 0.01, batch 128, 10 epochs over all 60,000 images.</summary>
    Book,

    /// <summary>The same network and input, planned to fit a time budget on this machine.</summary>
    Cpu,
}

/// <summary>Arithmetic of forward and backward passes.</summary>
public enum TrainingPrecision
{
    /// <summary>float32 throughout.</summary>
    Fp32,

    /// <summary>bfloat16 forward and backward with float32 master weights (mixed precision).</summary>
    Bf16,
}

/// <summary>How the learning rate moves over the run.</summary>
public enum LrSchedule
{
    /// <summary>The peak rate throughout (after any warm-up): the book.</summary>
    Constant,

    /// <summary>Half a cosine from the peak down to 0 over the planned steps (after any warm-up).</summary>
    Cosine,
}
