using AlexNetMl.Contract.Runs;
using AlexNetMl.Contract.Settings;
using AlexNetMl.Training.Planning;
using AlexNetMl.Training.Steps;

namespace AlexNetMl.Bench.Subjects;

/// <summary>Peak memory of training at batch 128, and how much an evaluation's RSS grows with the number of images.</summary>
public sealed class MemoryBench : IBenchSubject
{
    public void Run(BenchContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        bool reset = ProcessMemory.ResetPeak();
        int batch = context.Settings.Quick ? context.Settings.TrainingBatches[0] : 128;
        BenchModels.TrainingStepSeconds(context, new TrainingConfig { Profile = TrainingProfile.Cpu, Epochs = 1, BatchSize = batch, TrainLimit = batch * 2, ValidationLimit = 1 });
        long peak = ProcessMemory.PeakBytes();
        context.Add("memory", $"peak RSS, training at batch {batch}{(reset ? string.Empty : " (since start)")}", peak / 1e9, "GB", "≤ 3 GB", peak <= 3e9);

        string onnx = BenchModels.RandomAlexNetOnnx(context);
        var growth = new List<(int Images, double Gigabytes)>();
        foreach (int images in new[] { context.Settings.EvaluationImages / 10, context.Settings.EvaluationImages })
        {
            ProcessMemory.ResetPeak();
            long before = ProcessMemory.CurrentBytes();
            new EvaluateStep(new SilentJobObserver()).Run(new EvaluationRequest(onnx, OutputDirectory: null, context.DataDirectory, images, ComputeDevice.Cpu));
            double gigabytes = (ProcessMemory.PeakBytes() - before) / 1e9;
            growth.Add((images, gigabytes));
            context.Add("memory", $"RSS growth while evaluating {images:N0} test images (ML.NET chain)", gigabytes, "GB", "≤ 1 GB", gigabytes <= 1.0);
        }

        context.Note($"Evaluation memory grows from {growth[0].Gigabytes:F2} GB for {growth[0].Images:N0} images to {growth[1].Gigabytes:F2} GB for {growth[1].Images:N0}: " +
                     (growth[1].Gigabytes > growth[0].Gigabytes * 1.25 ? "not flat in the image count; the large-object heap holds more of ML.NET's per-row tensors between collections." : "close to flat in the image count."));
    }
}
