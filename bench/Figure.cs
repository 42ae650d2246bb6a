namespace AlexNetMl.Bench;

/// <summary>One measured figure.</summary>
/// <param name="Section">Which item it belongs to (training, scoring, ...).</param>
/// <param name="Name">What was measured.</param>
/// <param name="Value">The figure.</param>
/// <param name="Unit">Its unit.</param>
/// <param name="Target">The target, in words, or null.</param>
/// <param name="Met">Whether the target is met, or null when there is none.</param>
public sealed record Figure(string Section, string Name, double Value, string Unit, string? Target = null, bool? Met = null);
