using AlexNetMl.Bench;
using AlexNetMl.Export.Libtorch;

// Process-wide, as in the training program: the figures are those of the program users run.
TorchAllocator.Tune();
return BenchCli.Run(args);
