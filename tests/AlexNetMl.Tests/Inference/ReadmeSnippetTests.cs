using System.Text.RegularExpressions;
using AlexNetMl.Inference.Classification;
using AlexNetMl.Pipeline.Data;
using AlexNetMl.Tests.Infrastructure;

namespace AlexNetMl.Tests.Inference;

/// <summary>The app snippet in README.md, compiled here; the test checks the README still shows exactly this code.</summary>
[TestClass]
public sealed partial class ReadmeSnippetTests
{
    // README-SNIPPET-START
    /// <summary>Describes clothing photos. Create one per process and share it: it loads the model once.</summary>
    public sealed class PhotoDescriber(string modelZip) : IDisposable
    {
        // FashionClassifier pools ML.NET PredictionEngines, so this one instance is safe to use from any thread.
        private readonly FashionClassifier _classifier = new(new FashionClassifierOptions { ModelPath = modelZip });

        public string Describe(string photoPath)
        {
            FashionPrediction prediction = _classifier.Predict(photoPath);
            string top3 = string.Join(", ", prediction.Top3.Select(c => $"{c.Name} {c.Probability:P0}"));
            return $"{prediction.ClassName} ({prediction.Probability:P1}); top 3: {top3}";
        }

        public void Dispose() => _classifier.Dispose();
    }
    // README-SNIPPET-END

    [TestMethod]
    public void Snippet_RunsAndMatchesTheReadme()
    {
        // Twenty test images with known labels, described by one shared describer: the named class must be the label far
        // more often than chance allows (1 in 10: 7 or more of 20 by chance has probability 0.24 %); the shared model is
        // trained briefly, so not every time.
        using TempFolder temp = TestPaths.NewTempFolder();
        using var describer = new PhotoDescriber(TrainedPipeline.ModelZip);
        int right = 0;
        for (int i = 0; i < 20; i++)
        {
            string description = describer.Describe(TestImages.SaveTestImagePng(temp.File($"item{i}.png"), i));
            StringAssert.Contains(description, "; top 3: ");
            right += description.StartsWith(FashionMnistClasses.Names[SharedData.Test.Label(i)] + " (", StringComparison.Ordinal) ? 1 : 0;
        }

        Assert.IsGreaterThanOrEqualTo(7, right, $"{right} of 20 descriptions name the image's label");

        string source = File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "tests", "AlexNetMl.Tests", "Inference", "ReadmeSnippetTests.cs"));
        string snippet = Snippet().Match(source).Groups[1].Value;
        string readme = File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "README.md"));
        Assert.Contains(Normalize(snippet), Normalize(readme), "README.md must show the snippet exactly as compiled here");
    }

    private static string Normalize(string code) => string.Join("\n", code.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0));

    [GeneratedRegex("// README-SNIPPET-START\\n(.*?)\\s*// README-SNIPPET-END", RegexOptions.Singleline)]
    private static partial Regex Snippet();
}
