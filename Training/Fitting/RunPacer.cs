using AlexNetMl.Contract.Runs;
using AlexNetMl.Training.Planning;

namespace AlexNetMl.Training.Fitting;

/// <summary>
/// Keeps a budgeted run's clock: the job's seconds, and the training images and seconds since the last look at the
/// rate; every <see cref="Replanning.Interval"/> it asks the <see cref="Replanner"/> whether the run's length should change.
/// </summary>
internal sealed class RunPacer(Replanning replanning, TimeProvider clock, double checkpointEverySeconds)
{
    private long _start;
    private long _lastLook;
    private long _images;
    private double _seconds;

    /// <summary>Starts the clock at the start (or resumption) of training.</summary>
    public void Start()
    {
        _start = clock.GetTimestamp();
        _lastLook = _start;
        _images = 0;
        _seconds = 0;
    }

    /// <summary>Seconds of the job gone.</summary>
    public double JobSeconds => replanning.JobSecondsAtStart + clock.GetElapsedTime(_start).TotalSeconds;

    /// <summary>Counts a training step of <paramref name="images"/> that began at <paramref name="since"/> (a timestamp of the run's clock).</summary>
    public void Count(int images, long since)
    {
        _images += images;
        _seconds += clock.GetElapsedTime(since).TotalSeconds;
    }

    /// <summary>When an interval has passed, the re-planner's decision for the run as it stands (null when its length stands or no look is due).</summary>
    public Replan? Look(EpochLayout layout, int epoch, int batchesDone, long stepsDone, IReadOnlyList<Replan> earlier)
    {
        TimeSpan interval = clock.GetElapsedTime(_lastLook);
        if (interval < replanning.Interval || _seconds <= 0)
        {
            return null;
        }

        var input = new ReplanInput(
            replanning.Plan, layout, epoch, batchesDone, stepsDone, JobSeconds, _images / _seconds, interval.TotalSeconds,
            earlier.Count > 0 ? earlier[^1].MeasuredImagesPerSecond : replanning.Plan.Rates.TrainImagesPerSecond, checkpointEverySeconds);
        _lastLook = clock.GetTimestamp();
        _images = 0;
        _seconds = 0;
        return Replanner.Decide(input);
    }
}
