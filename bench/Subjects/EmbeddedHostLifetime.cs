using Microsoft.Extensions.Hosting;

namespace AlexNetMl.Bench.Subjects;

/// <summary>
/// The lifetime of a web host the bench starts inside its own process: it leaves Ctrl+C and SIGTERM alone. The default
/// console lifetime would take them for the host and cancel the process's own ending, so the bench would go on
/// measuring after being told to stop.
/// </summary>
internal sealed class EmbeddedHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
