using System.Diagnostics;

namespace AlexNetMl.Bench.Subjects;

/// <summary>
/// A CPU-burning neighbour for the drift run: one busy shell loop pinned to core 0 (<c>taskset</c>), started after a
/// delay and stopped after a while, as a process sharing the machine would. Kills its loop when disposed.
/// </summary>
public sealed class BusyNeighbour : IDisposable
{
    private readonly Timer _start;
    private readonly Timer _stop;
    private readonly Lock _lock = new();
    private Process? _process;
    private bool _disposed;

    /// <summary>Schedules the neighbour: busy from <paramref name="after"/> on, for <paramref name="duration"/>.</summary>
    public BusyNeighbour(TimeSpan after, TimeSpan duration)
    {
        _start = new Timer(_ => Start(), null, after, Timeout.InfiniteTimeSpan);
        _stop = new Timer(_ => Stop(), null, after + duration, Timeout.InfiniteTimeSpan);
    }

    /// <summary>The command the neighbour runs.</summary>
    public static string Command => "taskset -c 0 sh -c 'while :; do :; done'";

    /// <summary>When the loop started; null until it has.</summary>
    public DateTime? Started { get; private set; }

    /// <summary>When the loop was stopped; null until it was.</summary>
    public DateTime? Stopped { get; private set; }

    /// <summary>Whether the loop is burning now.</summary>
    public bool Running
    {
        get
        {
            lock (_lock)
            {
                return _process is { HasExited: false };
            }
        }
    }

    public void Dispose()
    {
        _start.Dispose();
        _stop.Dispose();
        Stop();
        lock (_lock)
        {
            _disposed = true;
        }
    }

    private void Start()
    {
        lock (_lock)
        {
            if (_disposed || Started is not null)
            {
                return;
            }

            var start = new ProcessStartInfo("taskset") { UseShellExecute = false };
            foreach (string argument in new[] { "-c", "0", "sh", "-c", "while :; do :; done" })
            {
                start.ArgumentList.Add(argument);
            }

            _process = Process.Start(start);
            Started = DateTime.UtcNow;
        }
    }

    private void Stop()
    {
        lock (_lock)
        {
            if (_process is { HasExited: false })
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit();
                Stopped = DateTime.UtcNow;
            }

            _process?.Dispose();
            _process = null;
        }
    }
}
