using AlexNetMl.Contract.Runs;

namespace AlexNetMl.Training.Fitting;

/// <summary>How a budgeted run re-plans while it trains (<see cref="Planning.Replanner"/>).</summary>
/// <param name="Plan">The plan the run started with.</param>
/// <param name="Interval">How long the run trains between two looks at its rate.</param>
/// <param name="JobSecondsAtStart">Seconds of the job gone when training starts (or resumes).</param>
public sealed record Replanning(TrainingPlan Plan, TimeSpan Interval, double JobSecondsAtStart);
