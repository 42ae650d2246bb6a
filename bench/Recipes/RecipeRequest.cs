namespace AlexNetMl.Bench.Recipes;

/// <summary>What a run of the recipe study was asked for on the command line.</summary>
/// <param name="Quick">A tiny search that checks the harness (figures mean nothing).</param>
/// <param name="Images">Training images per candidate and seed.</param>
/// <param name="TestImages">Test images each candidate is judged on.</param>
/// <param name="MarkdownPath">Where the table goes.</param>
/// <param name="DataDirectory">The Fashion-MNIST directory, or null for the default.</param>
/// <param name="Questions">The questions to ask (<see cref="RecipeStudy.Questions"/>' step names), or none for all of them.</param>
public sealed record RecipeRequest(bool Quick, int Images, int TestImages, string MarkdownPath, string? DataDirectory, IReadOnlyList<string> Questions)
{
    /// <summary>The command that reproduces this study, as the report's header names it.</summary>
    public string Command
    {
        get
        {
            string cap = Environment.GetEnvironmentVariable("ONEDNN_MAX_CPU_ISA") is { Length: > 0 } isa ? $"ONEDNN_MAX_CPU_ISA={isa} MKL_ENABLE_INSTRUCTIONS={isa} " : string.Empty;
            string quick = Quick ? " --quick" : string.Empty;
            string questions = string.Concat(Questions.Select(q => $" --recipe-question \"{q}\""));
            return $"{cap}dotnet run -c Release --project bench -- --recipes{quick} --recipe-images {Images} --recipe-test-images {TestImages}{questions} --recipe-markdown {MarkdownPath}";
        }
    }
}
