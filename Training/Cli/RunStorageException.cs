using AlexNetMl.Contract.IO;
using AlexNetMl.Contract.Programs;
using AlexNetMl.Contract.Runs;
using AlexNetMl.Training.Checkpoints;

namespace AlexNetMl.Training.Cli;

/// <summary>
/// A run stopped because its folder filled up or turned read-only: what could not be written, that the last checkpoint
/// is intact, roughly how much space going on needs, and the command that goes on.
/// </summary>
internal sealed class RunStorageException : BadInputException
{
    public RunStorageException()
    {
    }

    public RunStorageException(string message)
        : base(message)
    {
    }

    public RunStorageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The exception for <paramref name="fault"/>, a storage fault while writing into <paramref name="run"/>.</summary>
    public static RunStorageException For(RunFolder run, IOException fault)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(fault);
        string checkpoint = run.File(Checkpoint.FileName);
        string state = "no checkpoint was written yet";
        if (File.Exists(checkpoint))
        {
            TrainingState saved = Checkpoint.ReadState(checkpoint);
            long bytes = new FileInfo(checkpoint).Length;
            // What is left to write: a new checkpoint beside the old one, and the models (each about the weights' size, a
            // checkpoint holding the weights and the optimizer's momentum): about twice a checkpoint.
            string progress = $"{saved.Epoch - 1} {(saved.Epoch == 2 ? "epoch" : "epochs")} done" + (saved.BatchesDone > 0 ? $" and {saved.BatchesDone} batches of epoch {saved.Epoch}" : string.Empty);
            state = $"the last checkpoint ({checkpoint}: {progress}) is intact; going on needs roughly {Math.Max(1, 2 * bytes / 1048576.0):F0} MiB free there";
        }

        return new RunStorageException(
            $"{fault.Message}. {StorageFaults.Advice(fault)} Run {run.Id}: {state}. Continue with: dotnet run --project Training -- --resume {run.Path}", fault);
    }
}
