using System.Globalization;
using System.Text;
using AlexNetMl.Contract.IO;
using AlexNetMl.Contract.Model;
using AlexNetMl.Contract.Runs;
using AlexNetMl.Pipeline.Data;
using AlexNetMl.Training.Fitting;
using AlexNetMl.Training.Models;
using AlexNetMl.Training.Planning;
using ScottPlot;
using TorchSharp;
using static TorchSharp.torch;

namespace AlexNetMl.Training.Exercises;

/// <summary>
/// Runs the experiments that answer the six exercises of the AlexNet chapter and writes docs/exercises.md (with its
/// plots beside it): every number in the file is measured by this run, and every written answer is composed from
/// comparisons of those numbers.
/// </summary>
public sealed class ExerciseBook(ExerciseSettings settings, FashionMnistDataset train, FashionMnistDataset test, Device device, Action<string> log)
{
    private readonly BudgetedRun _runs = new(train, test, device, log);
    private readonly StringBuilder _text = new();
    private string _plots = string.Empty;

    /// <summary>Runs everything and writes the markdown to <paramref name="markdownPath"/> and the plots to a folder beside it.</summary>
    public void Write(string markdownPath)
    {
        DateTime started = DateTime.UtcNow;
        string folder = Path.GetDirectoryName(Path.GetFullPath(markdownPath))!;
        _plots = Path.Combine(folder, Path.GetFileNameWithoutExtension(markdownPath));
        Directory.CreateDirectory(_plots);
        Header(started);
        Exercise1And2();
        RunResult alexnet = _runs.ForBudget("alexnet", Recipe(ModelKind.AlexNet), settings.ModelBudget, settings.Epochs, settings.JudgedImages);
        Exercise3(alexnet);
        Exercise4(alexnet);
        Exercise5();
        Exercise6();
        _text.AppendLine().AppendLine($"The whole run took {Durations.Format((DateTime.UtcNow - started).TotalSeconds)}.");
        AtomicFile.WriteAllText(markdownPath, _text.ToString());
    }

    // The AlexNet family trains with the cpu profile's recipe; the LeNet family with the book's LeNet recipe (plain SGD,
    // lr 0.1, batch 128), which its sigmoids need. The quick run shrinks batches so that every step is cheap.
    private TrainingConfig Recipe(ModelKind kind)
    {
        bool lenet = kind is ModelKind.LeNet or ModelKind.LeNetReluDropout;
        TrainingConfig config = lenet
            ? new TrainingConfig { Profile = TrainingProfile.Cpu, Model = kind, BatchSize = 128, LearningRate = 0.1, Momentum = 0, LrSchedule = LrSchedule.Constant }
            : TrainingProfiles.OnThisMachine(TrainingProfile.Cpu) with { Model = kind };
        config = config with { ValidationLimit = settings.ValidationImages };
        return settings.Quick ? config with { BatchSize = 8 } : config;
    }

    private void Header(DateTime started)
    {
        _text.AppendLine("# The AlexNet chapter's exercises, answered by this code").AppendLine();
        _text.AppendLine($"Written by `dotnet run -c Release --project Training -- {settings.CommandLine}` on {started.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC, " +
                         $"on {CpuFeatures.ModelName}, {Environment.ProcessorCount} cores, {CpuFeatures.Isa}, device {device.type}.");
        if (settings.Quick)
        {
            _text.AppendLine().AppendLine("**This is the quick harness check: every experiment is tiny and no number below means anything.**");
        }

        _text.AppendLine().AppendLine(
            $"A 2-core CPU cannot train these models for the book's epoch counts in the 90 minutes this run is allowed, so every training run here gets a " +
            $"**wall-clock budget** instead ({Durations.Format(settings.ModelBudget.TotalSeconds)} for each AlexNet-style model and for LeNet in exercise 3, " +
            $"{Durations.Format(settings.LeNetBudget.TotalSeconds)} for each LeNet variant in exercise 6), sliced into {settings.Epochs} epochs with a validation on " +
            $"{settings.ValidationImages:N0} test images after each. Final accuracies are measured on {settings.JudgedImages:N0} test images. The AlexNet family uses " +
            $"the cpu profile's recipe (Training/Planning/TrainingProfiles.cs): {Recipe(ModelKind.AlexNet).DescribeRecipe()}. The LeNet family uses the book's: " +
            $"{Recipe(ModelKind.LeNet).DescribeRecipe()}.");
    }

    private void Exercise1And2()
    {
        using var model = new AlexNet();
        IReadOnlyList<LayerInfo> layers = LayerSummary.Compute(model);
        LayerTotals totals = LayerSummary.Totals(layers);
        Section("1. Computational performance of AlexNet");
        _text.AppendLine("**(a) Memory and (b) compute of the convolutions and the dense layers** (parameters at fp32, multiply-adds of one forward pass):").AppendLine();
        _text.AppendLine("| part | parameters | memory | share of memory | multiply-adds per image | share of compute |").AppendLine("|---|---:|---:|---:|---:|---:|");
        _text.AppendLine($"| convolutions | {layers.Where(l => l.IsConvolution).Sum(l => l.Parameters):N0} | {totals.ConvolutionBytes / 1048576.0:F1} MiB | {1 - totals.DenseParameterShare:P1} | {totals.ConvolutionMultiplyAdds:N0} | {totals.ConvolutionMacShare:P1} |");
        _text.AppendLine($"| dense layers | {layers.Where(l => l.IsDense).Sum(l => l.Parameters):N0} | {totals.DenseBytes / 1048576.0:F1} MiB | {totals.DenseParameterShare:P1} | {totals.DenseMultiplyAdds:N0} | {1 - totals.ConvolutionMacShare:P1} |");
        _text.AppendLine().AppendLine(
            $"The {(totals.DenseParameterShare > 0.5 ? "dense layers dominate memory" : "convolutions dominate memory")} ({Math.Max(totals.DenseParameterShare, 1 - totals.DenseParameterShare):P0}), " +
            $"and the {(totals.ConvolutionMacShare > 0.5 ? "convolutions dominate compute" : "dense layers dominate compute")} ({Math.Max(totals.ConvolutionMacShare, 1 - totals.ConvolutionMacShare):P0}): " +
            "a dense weight is used once per image, a convolution's weights at every position of its output.");

        RooflineResult roofline = Roofline.Measure(settings.Quick, settings.RooflineBatch);
        _text.AppendLine().AppendLine($"**(c) Memory bandwidth.** This machine copies {roofline.BandwidthBytesPerSecond / 1e9:F1} GB/s (streaming copy, all cores) and multiplies fp32 matrices at " +
                                      $"{roofline.GemmFlopsPerSecond / 1e9:F0} GFLOP/s, so a layer needs more than **{roofline.RidgeIntensity:F1} FLOP per byte** moved to be limited by compute rather than by memory (the ridge of its roofline).").AppendLine();
        _text.AppendLine($"| layer | GFLOP per image | FLOP/byte at batch 1 | bound at batch 1 | FLOP/byte at batch {roofline.Batch} | bound at batch {roofline.Batch} |").AppendLine("|---|---:|---:|---|---:|---|");
        foreach (LayerIntensity layer in roofline.Layers)
        {
            _text.AppendLine($"| {layer.Name} | {layer.Flops / 1e9:F3} | {layer.IntensityBatch1:F1} | {Bound(layer.IntensityBatch1, roofline)} | {layer.IntensityBatched:F1} | {Bound(layer.IntensityBatched, roofline)} |");
        }

        double speedup = roofline.DenseMillisecondsBatch1 / roofline.DenseMillisecondsBatched;
        _text.AppendLine().AppendLine(
            $"At batch 1, fc1 and fc2 read {roofline.DenseWeightBytes / 1048576.0:F0} MiB of weights for every image: at {roofline.BandwidthBytesPerSecond / 1e9:F1} GB/s that takes at least " +
            $"{roofline.DenseBandwidthBoundMilliseconds:F1} ms, and they measured {roofline.DenseMillisecondsBatch1:F1} ms per image ({roofline.DenseBandwidthBoundMilliseconds / roofline.DenseMillisecondsBatch1:P0} of the bandwidth bound). " +
            $"At batch {roofline.Batch} the same weights serve {roofline.Batch} images: {roofline.DenseMillisecondsBatched:F2} ms per image, {speedup:F1}× faster. " +
            "Bandwidth, not arithmetic, sets the speed of the dense layers whenever images come one at a time, as in an app; the convolutions reuse each weight hundreds of times and stay compute-bound.");

        Section("2. Trading computation against bandwidth");
        int bandwidthBound = roofline.Layers.Count(l => l.IntensityBatch1 < roofline.RidgeIntensity);
        _text.AppendLine(
            $"On this machine {bandwidthBound} of AlexNet's {roofline.Layers.Count} layers sit below the ridge at batch 1, and they hold {totals.DenseParameterShare:P0} of its weights; " +
            $"at batch {roofline.Batch}, {roofline.Layers.Count(l => l.IntensityBatched < roofline.RidgeIntensity)} do. A chip for **batched** work (training, offline scoring) should spend its area on " +
            $"arithmetic: the work is compute-bound, and the ridge of {roofline.RidgeIntensity:F0} FLOP/byte is already low enough. A chip for **one image at a time** (serving, small devices) " +
            $"should spend it on bandwidth and on-chip memory instead: fc1 and fc2 need {roofline.DenseWeightBytes / 1048576.0:F0} MiB per image, so either enough pins to stream them " +
            "fast, or enough SRAM to keep them on chip, or narrower weights (the int8 model of this project reads a quarter of the bytes). The optimum is the balance point where the layers that " +
            "matter for the workload sit at the ridge: more arithmetic than that idles waiting for memory, more bandwidth than that idles waiting for arithmetic.");
    }

    private static string Bound(double intensity, RooflineResult roofline) => intensity < roofline.RidgeIntensity ? "memory" : "compute";

    private void Exercise3(RunResult alexnet)
    {
        RunResult lenet = _runs.ForBudget("lenet", Recipe(ModelKind.LeNet), settings.ModelBudget, settings.Epochs, settings.JudgedImages);
        Section("3. More epochs: AlexNet against LeNet");
        _text.AppendLine($"Both trained for the same wall-clock budget of {Durations.Format(settings.ModelBudget.TotalSeconds)} on this CPU.").AppendLine();
        RunTable([alexnet, lenet]);
        Curves("exercise3", [alexnet, lenet]);
        EpochRecord a = alexnet.History.Epochs[^1], l = lenet.History.Epochs[^1];
        double alexnetImages = alexnet.Config.Epochs * (double)(alexnet.Config.TrainLimit ?? train.Count);
        double lenetImages = lenet.Config.Epochs * (double)(lenet.Config.TrainLimit ?? train.Count);
        _text.AppendLine().AppendLine(
            $"In the same time LeNet saw {lenetImages / alexnetImages:F0}× as many images ({lenetImages / train.Count:F1} passes over the training set against AlexNet's {alexnetImages / train.Count:F2}). " +
            $"{ExerciseVerdicts.MoreAccurate(alexnet, lenet)}: " +
            $"AlexNet's capacity learns more per image, LeNet's speed buys it more images. AlexNet's last training loss {a.TrainLoss:F3} against its validation loss {a.ValidationLoss:F3} " +
            $"{(a.TrainLoss < a.ValidationLoss ? "shows it beginning to fit the training set more closely than the test set" : "shows no overfitting yet: with more epochs it would keep improving")}, " +
            $"while LeNet's ({l.TrainLoss:F3} against {l.ValidationLoss:F3}) {(Math.Abs(l.TrainLoss - l.ValidationLoss) < 0.05 ? "stay together: its small capacity underfits rather than overfits" : "drift apart")}. " +
            $"More epochs help AlexNet more than LeNet: its {alexnet.Parameters / 1e6:F1} million parameters (against LeNet's {lenet.Parameters:N0}) keep lowering the loss long after LeNet's " +
            "sigmoids and small layers have plateaued, and dropout keeps that extra capacity from memorising the training set.");
    }

    private void Exercise4(RunResult alexnet)
    {
        RunResult small = _runs.ForBudget("alexnet-small", Recipe(ModelKind.AlexNetSmall), settings.ModelBudget, settings.Epochs, settings.JudgedImages);
        var sweep = settings.SweepDivisors.Select(divisor => SweepVariant(divisor)).ToList();
        RunResult small28 = _runs.ForBudget("alexnet-28", Recipe(ModelKind.AlexNet28), settings.ModelBudget, settings.Epochs, settings.JudgedImages);
        Section("4. A simpler AlexNet, and one on 28×28 images");
        _text.AppendLine($"Same budget of {Durations.Format(settings.ModelBudget.TotalSeconds)} each; time to {settings.TargetAccuracy:P0} is training time until the per-epoch validation first reached it.").AppendLine();
        _text.AppendLine($"| model | parameters | MACs per image | training images/s | time to {settings.TargetAccuracy:P0} | test accuracy |").AppendLine("|---|---:|---:|---:|---:|---:|");
        foreach (RunResult run in new[] { alexnet, small, small28 }.Concat(sweep))
        {
            string reached = run.SecondsTo(settings.TargetAccuracy) is { } seconds ? $"{seconds:F0} s" : "not reached";
            _text.AppendLine($"| {run.Label} | {run.Parameters:N0} | {run.MultiplyAdds:N0} | {run.ImagesPerSecond:F1} | {reached} | {run.TestAccuracy:P2} |");
        }

        double points = (small.TestAccuracy - alexnet.TestAccuracy) * 100;
        _text.AppendLine().AppendLine(
            $"**(a)** alexnet-small keeps AlexNet's layers, kernels, strides and 224×224 input with every convolution {AlexNetSmall.WidthDivisor} times narrower (rounded up to a multiple of 16, " +
            $"libtorch's AVX-512 channel block) and hidden dense layers of {AlexNetSmall.DenseWidth}: {alexnet.Parameters / (double)small.Parameters:F0}× fewer parameters, " +
            $"{alexnet.MultiplyAdds / (double)small.MultiplyAdds:F0}× fewer multiply-adds, and it trains {small.ImagesPerSecond / alexnet.ImagesPerSecond:F1}× faster per image. " +
            $"At the same budget its accuracy is {Math.Abs(points):F1} points {(points >= 0 ? "above" : "below")} AlexNet's: " +
            $"{(points >= 0 ? "no drop at all" : points >= -1 ? "within the one point the exercise allows" : "more than the one point the exercise allows")}. " +
            ExerciseVerdicts.SweepVerdict(sweep, small));
        _text.AppendLine().AppendLine(
            $"**(b)** alexnet-28 applies AlexNet's design to the raw 28×28 image: five 3×3-or-larger convolutions with ReLU, three max-pools and two dropout-regularised dense layers, " +
            $"with no upsampling, so it does {alexnet.MultiplyAdds / (double)small28.MultiplyAdds:F0}× less work per image. It reached {small28.TestAccuracy:P1}, " +
            $"{(small28.TestAccuracy > alexnet.TestAccuracy ? "better than" : "close to")} AlexNet's {alexnet.TestAccuracy:P1} in the same time: upsampling a 28×28 image to 224×224 adds no information, only work.");
    }

    // The design sweep trains alexnet-small at other widths; the registered model keeps its own, and these runs are
    // labelled by their divisor and never exported.
    private RunResult SweepVariant(int divisor) =>
        _runs.ForBudget($"alexnet-small ÷{divisor}", Recipe(ModelKind.AlexNetSmall), settings.ModelBudget, settings.Epochs, settings.JudgedImages, () => new AlexNetSmall(divisor, AlexNetSmall.DenseWidth));

    private void Exercise5()
    {
        var runs = settings.BatchSizes.Select(batch =>
        {
            int images = Math.Max(batch * 2, settings.BatchStudyImages / batch * batch);
            return _runs.ForImages($"batch {batch}", Recipe(ModelKind.AlexNet) with { BatchSize = batch, Epochs = 1, TrainLimit = images }, settings.JudgedImages);
        }).ToList();
        Section("5. Batch size");
        _text.AppendLine($"AlexNet trained on the same {settings.BatchStudyImages:N0} images at each batch size, same recipe and learning rate. " +
                         (device.type == DeviceType.CUDA ? "Peak memory is the process's RSS." : "This machine has no GPU, so memory is the process's peak RSS; on a CUDA device the column would be CUDA memory.")).AppendLine();
        _text.AppendLine("| batch | steps | training images/s | test accuracy | peak RSS |").AppendLine("|---:|---:|---:|---:|---:|");
        foreach (RunResult run in runs)
        {
            long images = (long)run.Config.Epochs * run.Config.TrainLimit!.Value;
            _text.AppendLine($"| {run.Config.BatchSize} | {images / run.Config.BatchSize:N0} | {run.ImagesPerSecond:F1} | {run.TestAccuracy:P2} | {(run.PeakResidentBytes is { } rss ? $"{rss / 1e9:F2} GB" : "n/a")} |");
        }

        RunResult fastest = runs.MaxBy(r => r.ImagesPerSecond)!, best = runs.MaxBy(r => r.TestAccuracy)!;
        _text.AppendLine().AppendLine(
            $"Throughput peaks at batch {fastest.Config.BatchSize} ({fastest.ImagesPerSecond:F1} images/s against {runs[0].ImagesPerSecond:F1} at batch {runs[0].Config.BatchSize}): larger batches amortise each " +
            $"step's fixed costs and give the kernels larger matrices. Accuracy after the same images is best at batch {best.Config.BatchSize} ({best.TestAccuracy:P1}): " +
            "at a fixed learning rate a larger batch takes fewer, less noisy steps, and with so few images the number of steps decides. " +
            ExerciseVerdicts.Diverged(runs) +
            ExerciseVerdicts.MemoryVerdict(runs));
    }

    private void Exercise6()
    {
        RunResult lenet = _runs.ForBudget("lenet", Recipe(ModelKind.LeNet), settings.LeNetBudget, settings.Epochs, settings.JudgedImages);
        RunResult relu = _runs.ForBudget("lenet-relu-dropout", Recipe(ModelKind.LeNetReluDropout), settings.LeNetBudget, settings.Epochs, settings.JudgedImages);
        RunResult augmented = _runs.ForBudget("lenet-relu-dropout --augment", Recipe(ModelKind.LeNetReluDropout) with { Augment = true }, settings.LeNetBudget, settings.Epochs, settings.JudgedImages);
        Section("6. Dropout and ReLU in LeNet, and preprocessing that exploits invariances");
        _text.AppendLine($"Each trained for {Durations.Format(settings.LeNetBudget.TotalSeconds)}. `--augment` flips images horizontally at random and shifts them by up to two pixels (a padded crop); clothing is photographed upright, so nothing is flipped vertically.").AppendLine();
        RunTable([lenet, relu, augmented]);
        Curves("exercise6", [lenet, relu, augmented]);
        double reluGain = (relu.TestAccuracy - lenet.TestAccuracy) * 100, augmentGain = (augmented.TestAccuracy - relu.TestAccuracy) * 100;
        _text.AppendLine().AppendLine(
            $"ReLU and dropout {(reluGain > 0 ? "improve" : "do not improve")} LeNet by {Math.Abs(reluGain):F1} points ({relu.TestAccuracy:P1} against {lenet.TestAccuracy:P1}): ReLU's gradient does not vanish " +
            "as the sigmoid's does, so the same steps learn more, and dropout keeps the hidden layers from co-adapting. " +
            $"Augmentation then {(augmentGain > 0 ? "adds" : "changes")} {augmentGain:+0.0;-0.0} points ({augmented.TestAccuracy:P1}): it shows the network a new variant of each image every time, " +
            $"{(augmented.History.Epochs[^1].TrainLoss > relu.History.Epochs[^1].TrainLoss ? "which raises the training loss (the task got harder) while it narrows the gap to the test set" : "at little cost to the training loss")}; " +
            "in a short budget its benefit is limited, because it pays off mostly once a model has seen the unaugmented images many times.");
    }

    private void RunTable(IEnumerable<RunResult> runs)
    {
        _text.AppendLine("| model | parameters | epochs × images | last train loss | last validation loss | test accuracy |").AppendLine("|---|---:|---:|---:|---:|---:|");
        foreach (RunResult run in runs)
        {
            EpochRecord last = run.History.Epochs[^1];
            _text.AppendLine($"| {run.Label} | {run.Parameters:N0} | {run.Config.Epochs} × {run.Config.TrainLimit:N0} | {last.TrainLoss:F4} | {last.ValidationLoss:F4} | {run.TestAccuracy:P2} |");
        }
    }

    // Validation accuracy and both losses against training seconds: equal budgets share the x axis.
    private void Curves(string name, IReadOnlyList<RunResult> runs)
    {
        var plot = new Plot();
        foreach (RunResult run in runs)
        {
            double[] seconds = run.History.Epochs.Select((_, i) => run.History.Epochs.Take(i + 1).Sum(e => e.Seconds)).ToArray();
            var accuracy = plot.Add.Scatter(seconds, run.History.Epochs.Select(e => e.ValidationAccuracy).ToArray());
            accuracy.LegendText = $"{run.Label}: val acc";
            var validation = plot.Add.Scatter(seconds, run.History.Epochs.Select(e => e.ValidationLoss).ToArray());
            validation.LegendText = $"{run.Label}: val loss";
            validation.LinePattern = LinePattern.Dashed;
            var training = plot.Add.Scatter(seconds, run.History.Epochs.Select(e => e.TrainLoss).ToArray());
            training.LegendText = $"{run.Label}: train loss";
            training.LinePattern = LinePattern.Dotted;
        }

        plot.XLabel("training seconds");
        plot.ShowLegend(Alignment.UpperRight);
        string file = Path.Combine(_plots, $"{name}.png");
        AtomicFile.WriteVia(file, temporary => plot.SavePng(temporary, 800, 480));
        _text.AppendLine().AppendLine($"![{name}]({Path.GetFileName(_plots)}/{name}.png)");
    }

    private void Section(string title) => _text.AppendLine().AppendLine($"## {title}").AppendLine();
}
