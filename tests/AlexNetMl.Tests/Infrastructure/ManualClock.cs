namespace AlexNetMl.Tests.Infrastructure;

/// <summary>A clock that moves only when told: tests give the trainer a pace without waiting for it.</summary>
internal sealed class ManualClock : TimeProvider
{
    private long _ticks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <summary>Time advanced so far.</summary>
    public TimeSpan Elapsed => TimeSpan.FromTicks(_ticks);

    public override long GetTimestamp() => _ticks;

    public void Advance(TimeSpan by) => _ticks += by.Ticks;
}
