namespace AlexNetMl.Contract.Runs;

/// <summary>The versions a run was made with.</summary>
/// <param name="Dotnet">The .NET runtime.</param>
/// <param name="TorchSharp">TorchSharp.</param>
/// <param name="AlexNetMl">This project's assembly version.</param>
public sealed record SoftwareVersions(string Dotnet, string TorchSharp, string AlexNetMl);
