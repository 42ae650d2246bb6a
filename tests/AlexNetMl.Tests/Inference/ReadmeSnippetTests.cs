using System.Text.RegularExpressions;
using AlexNetMl.Inference.Classification;
using AlexNetMl.Tests.Infrastructure;

namespace AlexNetMl.Tests.Inference;

/// <summary>The app snippet in README.md, compiled here; the test checks the README still shows exactly this code.</summary>
[TestClass]
public sealed partial class ReadmeSnippetTests
{
    // README-SNIPPET-START
    public static string ClassifyPhoto(string modelZip, string photoPath)
    {
        // One classifier per process: it pools PredictionEngines, so it is safe to share across threads.
        using var classifier = new FashionClassifier(new FashionClassifierOptions { ModelPath = modelZip });
        FashionPrediction prediction = classifier.Predict(photoPath);
        string top3 = string.Join(", ", prediction.Top3.Select(c => $"{c.Name} {c.Probability:P0}"));
        return $"{prediction.ClassName} ({prediction.Probability:P1}); top 3: {top3}";
    }
    // README-SNIPPET-END

    [TestMethod]
    public void Snippet_RunsAndMatchesTheReadme()
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        string png = TestImages.SaveTestImagePng(temp.File("item.png"), 0);

        StringAssert.Contains(ClassifyPhoto(TrainedPipeline.ModelZip, png), "top 3:");

        string source = File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "tests", "AlexNetMl.Tests", "Inference", "ReadmeSnippetTests.cs"));
        string snippet = Snippet().Match(source).Groups[1].Value;
        string readme = File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "README.md"));
        Assert.Contains(Normalize(snippet), Normalize(readme), "README.md must show the snippet exactly as compiled here");
    }

    private static string Normalize(string code) => string.Join("\n", code.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0));

    [GeneratedRegex("// README-SNIPPET-START\\n(.*?)\\s*// README-SNIPPET-END", RegexOptions.Singleline)]
    private static partial Regex Snippet();
}
