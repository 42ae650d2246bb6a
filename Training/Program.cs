using AlexNetMl.Training.Cli;

return TrainingCli.Run(args);
