namespace AlexNetMl.Contract.Runs;

/// <summary>The PyTorch weights an imported run came from.</summary>
/// <param name="File">Full path of the file read.</param>
/// <param name="Format">pt or safetensors.</param>
/// <param name="Sha256">The file's SHA-256, lower-case hex.</param>
public sealed record ImportedWeights(string File, string Format, string Sha256);
