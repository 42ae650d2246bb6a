using AlexNetMl.Inference.Cli;

return ClassifyCli.Run(args);
