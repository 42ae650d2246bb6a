namespace AlexNetMl.Training.Fitting;

/// <summary>A training-loss reading at a fractional epoch (the book plots it twice an epoch).</summary>
public sealed record LossPoint(double Epoch, double TrainLoss);
