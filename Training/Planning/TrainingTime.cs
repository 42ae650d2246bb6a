namespace AlexNetMl.Training.Planning;

/// <summary>
/// The share of a budget left for training steps, as the planner and the re-planner both reckon it: each epoch end
/// costs a validation and a checkpoint, and training pays one periodic checkpoint per interval. The epoch count
/// depends on the images, which depend on the time left for training, so both settle the two by a short
/// fixed-point iteration (<see cref="Settle{T}"/>).
/// </summary>
internal static class TrainingTime
{
    private const int Iterations = 4;

    /// <summary>Seconds of training steps in <paramref name="availableSeconds"/> after <paramref name="epochEnds"/> epoch ends and the periodic checkpoints.</summary>
    public static double Left(double availableSeconds, int epochEnds, double secondsPerEpochEnd, double checkpointEverySeconds, double checkpointSeconds)
    {
        double training = availableSeconds - (epochEnds * secondsPerEpochEnd);
        if (checkpointEverySeconds > 0 && training > 0)
        {
            training -= Math.Floor(training / checkpointEverySeconds) * checkpointSeconds;
        }

        return training;
    }

    /// <summary>
    /// Fits a run from <paramref name="epochs"/> epochs until the fit keeps the epoch count it was given (at most four
    /// fits: the count moves by at most one epoch end's cost each time); returns the last fit.
    /// </summary>
    /// <param name="epochs">The epoch count to start from.</param>
    /// <param name="fit">The run that fits given an epoch count, and the epoch count it has.</param>
    public static T Settle<T>(int epochs, Func<int, (T Fitted, int Epochs)> fit)
    {
        ArgumentNullException.ThrowIfNull(fit);
        (T fitted, int next) = fit(epochs);
        for (int iteration = 1; iteration < Iterations && next != epochs; iteration++)
        {
            epochs = next;
            (fitted, next) = fit(epochs);
        }

        return fitted;
    }
}
