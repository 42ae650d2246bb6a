namespace AlexNetMl.Training.Exercises;

/// <summary>How big each experiment of <c>exercises</c> is: the full run (within 90 minutes on 2 cores) or the quick harness check.</summary>
public sealed record ExerciseSettings
{
    /// <summary>Whether this is the quick run (every experiment tiny; the numbers mean nothing).</summary>
    public bool Quick { get; init; }

    /// <summary>The command line that asked for this run, as the report's header names it.</summary>
    public string CommandLine { get; init; } = "exercises";

    /// <summary>Wall-clock training budget of each 224×224 and 28×28 AlexNet-style model.</summary>
    public TimeSpan ModelBudget { get; init; } = TimeSpan.FromMinutes(8);

    /// <summary>Wall-clock training budget of each LeNet variant (exercise 6; LeNet's run in exercise 3 gets <see cref="ModelBudget"/>).</summary>
    public TimeSpan LeNetBudget { get; init; } = TimeSpan.FromMinutes(3);

    /// <summary>Epochs a budgeted run is sliced into (each ends with a validation: the points of the curves).</summary>
    public int Epochs { get; init; } = 8;

    /// <summary>Test images validated after each epoch.</summary>
    public int ValidationImages { get; init; } = 1_000;

    /// <summary>Test images the final accuracies are measured on.</summary>
    public int JudgedImages { get; init; } = 10_000;

    /// <summary>Batch sizes of exercise 5.</summary>
    public IReadOnlyList<int> BatchSizes { get; init; } = [16, 32, 64, 128, 256];

    /// <summary>Training images each batch size sees in exercise 5.</summary>
    public int BatchStudyImages { get; init; } = 4_096;

    /// <summary>The width divisors tried for alexnet-small besides the registered one (exercise 4a's design sweep).</summary>
    public IReadOnlyList<int> SweepDivisors { get; init; } = [8];

    /// <summary>Validation accuracy whose time to reach exercise 4 reports.</summary>
    public double TargetAccuracy { get; init; } = 0.80;

    /// <summary>The batch the roofline compares batch 1 with.</summary>
    public int RooflineBatch { get; init; } = 64;

    /// <summary>The full run.</summary>
    public static ExerciseSettings Full { get; } = new();

    /// <summary>Every experiment, tiny: what the test suite runs to check the harness.</summary>
    public static ExerciseSettings QuickRun { get; } = new()
    {
        Quick = true,
        ModelBudget = TimeSpan.FromSeconds(1),
        LeNetBudget = TimeSpan.FromSeconds(1),
        Epochs = 2,
        ValidationImages = 32,
        JudgedImages = 64,
        BatchSizes = [4, 8],
        BatchStudyImages = 32,
        SweepDivisors = [8],
        RooflineBatch = 4,
    };
}
