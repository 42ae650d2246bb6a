namespace AlexNetMl.Training.Fitting;

/// <summary>Figures of one finished epoch.</summary>
public sealed record EpochRecord(int Epoch, double TrainLoss, double ValidationLoss, double ValidationAccuracy, double Seconds, double ImagesPerSecond);
