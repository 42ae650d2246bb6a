using System.Runtime.InteropServices;
using AlexNetMl.Contract.Programs;

namespace AlexNetMl.Training.Cli;

/// <summary>
/// Ctrl+C (SIGINT) and SIGTERM, the signal containers and service managers send, both ask training to stop after the
/// current batch, save a checkpoint and exit: 130 for SIGINT, 143 for SIGTERM. Without this, SIGTERM kills the process
/// and everything since the last checkpoint is lost.
/// </summary>
internal sealed class StopSignals : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly PosixSignalRegistration[] _registrations;
    private volatile bool _terminated;

    public StopSignals()
    {
        _registrations =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGINT, context => Request(context, terminated: false)),
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => Request(context, terminated: true)),
        ];
    }

    /// <summary>Fires when either signal arrives.</summary>
    public CancellationToken Token => _stop.Token;

    /// <summary>The exit code of a stopped run: 143 after SIGTERM, 130 after SIGINT.</summary>
    public int ExitCode => _terminated ? ExitCodes.Terminated : ExitCodes.Interrupted;

    /// <summary>The signal that stopped the run, for messages.</summary>
    public string SignalName => _terminated ? "SIGTERM" : "Ctrl+C";

    public void Dispose()
    {
        foreach (PosixSignalRegistration registration in _registrations)
        {
            registration.Dispose();
        }

        _stop.Dispose();
    }

    private void Request(PosixSignalContext context, bool terminated)
    {
        // Keep the process alive: the trainer finishes its batch and checkpoints. A second signal is handled the same way.
        context.Cancel = true;
        _terminated |= terminated;
        _stop.Cancel();
    }
}
