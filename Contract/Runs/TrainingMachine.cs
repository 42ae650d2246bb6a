namespace AlexNetMl.Contract.Runs;

/// <summary>The machine a run trained on.</summary>
/// <param name="Os">Operating system and version.</param>
/// <param name="Cores">Logical processors available to the process.</param>
/// <param name="Isa">The widest vector instruction set the CPU offers (e.g. AVX-512, AVX2).</param>
/// <param name="Bf16">Whether the CPU has native bf16 arithmetic.</param>
public sealed record TrainingMachine(string Os, int Cores, string Isa, bool Bf16);
