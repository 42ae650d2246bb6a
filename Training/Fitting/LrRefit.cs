namespace AlexNetMl.Training.Fitting;

/// <summary>A re-plan's effect on the learning-rate schedule: from step <paramref name="AtStep"/> on, the run has <paramref name="TotalSteps"/> steps.</summary>
/// <param name="AtStep">The first step (0-based) of the re-fitted schedule.</param>
/// <param name="TotalSteps">Steps of the whole run after the re-plan.</param>
public readonly record struct LrRefit(long AtStep, long TotalSteps);
