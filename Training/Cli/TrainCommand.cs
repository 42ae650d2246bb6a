using System.CommandLine;
using AlexNetMl.Contract.Programs;

namespace AlexNetMl.Training.Cli;

/// <summary>The default command: train, export to ONNX (verified), then evaluate with the ML.NET pipeline.</summary>
internal static class TrainCommand
{
    public static void Configure(RootCommand root, ProgramShell shell, DateTime jobStart)
    {
        var options = new TrainOptions();
        options.AddTo(root);
        root.SetAction(parse => TrainingCli.Guarded(shell, () => new TrainJob(parse, options, shell, jobStart).Run()));
    }
}
