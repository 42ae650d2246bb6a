using AlexNetMl.Export.Libtorch;

using AlexNetMl.Training.Cli;

// Process-wide: training runs on this, the main thread, whose allocations the tuned allocator serves (see TorchAllocator).
TorchAllocator.Tune();
return TrainingCli.Run(args, jobStart: TrainingCli.ProcessStart);
