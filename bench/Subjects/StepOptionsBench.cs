using System.Globalization;
using System.Text.Json;
using AlexNetMl.Contract.Runs;
using AlexNetMl.Export.Libtorch;
using AlexNetMl.Pipeline.Data;
using AlexNetMl.Training.Fitting;
using AlexNetMl.Training.Models;
using AlexNetMl.Training.Planning;
using TorchSharp.Modules;
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
    /// <summary>Set to 1 in a child: the convolutions' weights are stored channels-last (NHWC), so oneDNN runs its NHWC kernels.</summary>
    public const string ChannelsLastVariable = "ALEXNETML_PROBE_CHANNELS_LAST";

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

        bool channelsLast = Environment.GetEnvironmentVariable(ChannelsLastVariable) == "1";
        if (channelsLast && Precision != TrainingPrecision.Bf16)
        {
            throw new ArgumentException($"{ChannelsLastVariable}=1 is measured on the bf16 working copy; this machine trains in fp32.");
        }

        int steps = UntimedSteps + TimedSteps(context);
        TrainingConfig config = TrainingProfiles.Cpu with { Epochs = 1, BatchSize = batch, TrainLimit = batch * steps, ValidationLimit = 1, Precision = Precision, Plan = null };
        var recorder = new StepRecorder();
        string checkpoint = context.Scratch($"step-{Guid.NewGuid():N}.bin");
        // The trainer builds the fp32 master first, then MixedPrecision its bf16 working copy, which runs every
        // convolution: only that copy goes channels-last, as the master must stay contiguous for the checkpoint
        // (TorchSharp 0.107 saves a tensor's bytes only when it is contiguous).
        int built = 0;
        using (var trainer = new Trainer(config, context.Train, context.Test, context.Device, recorder, createModel: () => Create(config, channelsLast && built++ > 0)))
        {
            trainer.Run(checkpoint, CancellationToken.None);
        }

        File.Delete(checkpoint);
        double seconds = recorder.StepSeconds.Skip(UntimedSteps).Sum();
        ChildProbe.Print(new { images_per_second = batch * (steps - UntimedSteps) / seconds, losses = recorder.Losses });
        return 0;
    }

    /// <summary>Stores every convolution's weight channels-last: the NCHW shape over NHWC memory.</summary>
    public static FashionModel WithChannelsLastConvolutions(FashionModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        using var _ = no_grad();
        foreach (Conv2d convolution in model.modules().OfType<Conv2d>())
        {
            Tensor weight = convolution.weight!;
            convolution.weight = new Parameter(weight.permute(0, 2, 3, 1).contiguous().permute(0, 3, 1, 2), requires_grad: true);
        }

        return model;
    }

    // The step as the job runs it first: every other option is compared with it.
    private static List<(string Label, Dictionary<string, string> Environment)> Options(int cores)
    {
        var options = new List<(string Label, Dictionary<string, string> Environment)> { ("as the main job runs", []) };
        if (Precision == TrainingPrecision.Bf16)
        {
            options.Add(("channels-last convolutions (bf16 working copy)", new() { [ChannelsLastVariable] = "1" }));
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

    private static TrainingPrecision Precision => CpuFeatures.HasBFloat16 ? TrainingPrecision.Bf16 : TrainingPrecision.Fp32;

    private static int Batch(BenchContext context) => context.Settings.Quick ? 2 : TrainingProfiles.Cpu.BatchSize;

    private static int TimedSteps(BenchContext context) => context.Settings.Quick ? 1 : 24;

    private static FashionModel Create(TrainingConfig config, bool channelsLast)
    {
        FashionModel model = ModelCatalog.Create(config.Model, FashionMnistClasses.Count, config.Dropout);
        return channelsLast ? WithChannelsLastConvolutions(model) : model;
    }
}
