using System.Globalization;
using System.Text.Json;
using AlexNetMl.Contract.Runs;
using AlexNetMl.Export.Libtorch;
using AlexNetMl.Training.Fitting;
using AlexNetMl.Training.Models;
using AlexNetMl.Training.Planning;
using static TorchSharp.torch;

namespace AlexNetMl.Bench.Subjects;

/// <summary>
/// What TorchSharp and libtorch offer for the main job's training step, side by side: each option trains the main
/// job's step (the cpu profile's recipe and batch, in the precision the job picks here) in a child process of this
/// program, from the same seed, in two passes over all options so that the machine's drift lands on every option alike.
/// An option is worth keeping only if it is faster than the step as the job runs it and leaves the loss curve where
/// it was.
/// </summary>
public sealed class StepOptionsBench : IBenchSubject
{
    /// <summary>Set to 1 in a child: the bf16 working copy's convolutions stay contiguous (NCHW) instead of channels-last, through <see cref="ChannelsLast.ContiguousSwitch"/>.</summary>
    public const string ContiguousVariable = "ALEXNETML_PROBE_CONTIGUOUS_CONVOLUTIONS";

    /// <summary>Set in a child: libtorch's intra-op threads.</summary>
    public const string ThreadsVariable = "ALEXNETML_PROBE_THREADS";

    private const string Section = "training step options";
    private const string PrimitiveCacheVariable = "ONEDNN_PRIMITIVE_CACHE_CAPACITY";
    private const int UntimedSteps = 3;

    public void Run(BenchContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        int batch = Batch(context);
        List<(string Label, Dictionary<string, string> Environment)> options = Options(Environment.ProcessorCount);
        int passes = context.Settings.Quick ? 1 : 2;
        var rates = options.ToDictionary(o => o.Label, _ => new List<double>());
        var losses = new Dictionary<string, double[]>();
        for (int pass = 0; pass < passes; pass++)
        {
            foreach ((string label, Dictionary<string, string> environment) in options)
            {
                (JsonElement result, _) = ChildProbe.Run(context, ChildProbe.Step, batch, environment);
                rates[label].Add(result.GetProperty("images_per_second").GetDouble());
                losses[label] = [.. result.GetProperty("losses").EnumerateArray().Select(l => l.GetDouble())];
                context.Log($"step options, pass {pass + 1}, {label}: {rates[label][^1]:F1} images/s");
            }
        }

        string baseline = options[0].Label;
        double baselineRate = rates[baseline].Average();
        string precision = Contract.Settings.SettingNames.Of(Precision);
        foreach ((string label, _) in options)
        {
            context.Add(Section, $"{precision} images/s, batch {batch}, {label}", rates[label].Average(), "images/s");
            if (label != baseline)
            {
                context.Add(Section, $"{label}: speed / as the job runs", rates[label].Average() / baselineRate, "ratio");
                context.Add(Section, $"{label}: largest change of the running loss", losses[label].Zip(losses[baseline]).Max(p => Math.Abs(p.First - p.Second)), "loss");
            }
        }

        context.Note($"Training step options rows: each option ran `alexnet-bench --probe {ChildProbe.Step}` in a child process, {passes} passes over all options in turn " +
                     $"(the figure is the passes' mean); each child trained {UntimedSteps} untimed and {TimedSteps(context)} timed steps of the cpu profile's recipe at batch {batch} " +
                     $"in {precision} from one seed, and its running loss after every step is compared with the job's own. oneDNN reads {PrimitiveCacheVariable} at start; " +
                     $"{TorchAllocator.OptOutVariable}=1 keeps glibc's defaults; the thread count is set with torch.set_num_threads. " +
                     "The dense layers' backward already runs in bf16 wherever the job trains in bf16: MixedPrecision runs the whole working copy in bf16, forward and backward, so no row measures it separately.");
    }

    /// <summary>The probe's body, in the child: the main job's step with the options its environment names, as one JSON line.</summary>
    public static int RunProbe(BenchContext context, int batch)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (Environment.GetEnvironmentVariable(ThreadsVariable) is { } threads)
        {
            set_num_threads(int.Parse(threads, CultureInfo.InvariantCulture));
        }

        if (Environment.GetEnvironmentVariable(ContiguousVariable) == "1")
        {
            AppContext.SetSwitch(ChannelsLast.ContiguousSwitch, true);
        }

        int steps = UntimedSteps + TimedSteps(context);
        TrainingConfig config = TrainingProfiles.Cpu with { Epochs = 1, BatchSize = batch, TrainLimit = batch * steps, ValidationLimit = 1, Precision = Precision, Plan = null };
        var recorder = new StepRecorder();
        string checkpoint = context.Scratch($"step-{Guid.NewGuid():N}.bin");
        using (var trainer = new Trainer(config, context.Train, context.Test, context.Device, recorder))
        {
            trainer.Run(checkpoint, CancellationToken.None);
        }

        File.Delete(checkpoint);
        double seconds = recorder.StepSeconds.Skip(UntimedSteps).Sum();
        ChildProbe.Print(new { images_per_second = batch * (steps - UntimedSteps) / seconds, losses = recorder.Losses });
        return 0;
    }

    // The step as the job runs it first: every other option is compared with it.
    private static List<(string Label, Dictionary<string, string> Environment)> Options(int cores)
    {
        var options = new List<(string Label, Dictionary<string, string> Environment)> { ("as the main job runs", []) };
        if (Precision == TrainingPrecision.Bf16)
        {
            options.Add(("contiguous (NCHW) convolutions, as before (bf16 working copy)", new() { [ContiguousVariable] = "1" }));
        }

        options.AddRange(
        [
            ("oneDNN primitive cache off (capacity 0)", new() { [PrimitiveCacheVariable] = "0" }),
            ("oneDNN primitive cache 4096 (default 1024)", new() { [PrimitiveCacheVariable] = "4096" }),
            ($"1 intra-op thread ({cores} cores)", new() { [ThreadsVariable] = "1" }),
            ($"{2 * cores} intra-op threads ({cores} cores)", new() { [ThreadsVariable] = (2 * cores).ToString(CultureInfo.InvariantCulture) }),
            ("glibc's default allocator", new() { [TorchAllocator.OptOutVariable] = "1" }),
        ]);
        return options;
    }

    private static TrainingPrecision Precision => TrainingProfiles.OnThisMachine(TrainingProfile.Cpu).Precision;

    private static int Batch(BenchContext context) => context.Settings.Quick ? 2 : TrainingProfiles.Cpu.BatchSize;

    private static int TimedSteps(BenchContext context) => context.Settings.Quick ? 1 : 24;
}
