namespace AlexNetMl.Pipeline.Evaluation;

/// <summary>Figures of one class.</summary>
public sealed record ClassMetrics(string Name, double Precision, double Recall, double LogLoss, long Support);
