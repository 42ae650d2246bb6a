using AlexNetMl.Pipeline.Data;
using AlexNetMl.Training.Models;
using AlexNetMl.Training.Training;
using static TorchSharp.torch;

namespace AlexNetMl.Training.Cli;

/// <summary>What the steps after training (export, evaluation) get from the training run.</summary>
internal sealed record TrainedRun(string RunPath, string RunId, TrainingConfig Config, AlexNet Model, FashionMnistDataset Test, string DataDirectory, Device Device, bool SkipEvaluation);
