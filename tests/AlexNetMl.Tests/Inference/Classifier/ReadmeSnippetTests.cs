using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using AlexNetMl.Inference.Classification;
using AlexNetMl.Pipeline.Data;
using AlexNetMl.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace AlexNetMl.Tests.Inference;

/// <summary>The app snippets in README.md, compiled and run here; the tests check the README still shows exactly this code.</summary>
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

    // README-SNIPPET-START
    /// <summary>An ASP.NET Core app of your own: the classifier is a singleton, its options come from "Classifier" in configuration.</summary>
    public static class ShopApp
    {
        public static WebApplication Build(WebApplicationBuilder builder)
        {
            builder.Services.AddFashionClassifier(builder.Configuration.GetSection("Classifier"));
            WebApplication app = builder.Build();
            app.MapPost("/describe", (IFormFile photo, FashionClassifier classifier) =>
            {
                using Stream stream = photo.OpenReadStream();
                FashionPrediction prediction = classifier.Predict(stream);
                return new { prediction.ClassName, prediction.Probability };
            }).DisableAntiforgery();
            return app;
        }
    }
    // README-SNIPPET-END

    private sealed record Description(string ClassName, float Probability);

    [TestMethod]
    public async Task ShopApp_ServesTheClassifierFromConfigurationAndMatchesTheReadme()
    {
        // The model path comes in as a command-line configuration key, the way appsettings.json or ALEXNETML_... would give it.
        WebApplicationBuilder builder = WebApplication.CreateBuilder(["--Classifier:ModelPath=" + TrainedPipeline.ModelZip]);
        builder.WebHost.UseTestServer();
        await using WebApplication app = ShopApp.Build(builder);
        await app.StartAsync(TestContext.CancellationToken);
        using HttpClient client = app.GetTestClient();
        using TempFolder temp = TestPaths.NewTempFolder();
        FashionClassifier classifier = app.Services.GetRequiredService<FashionClassifier>();
        for (int i = 0; i < 3; i++)
        {
            string png = TestImages.SaveTestImagePng(temp.File($"item{i}.png"), i);
            using var form = new MultipartFormDataContent();
            var file = new ByteArrayContent(await File.ReadAllBytesAsync(png, TestContext.CancellationToken));
            file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
            form.Add(file, "photo", "item.png");
            using HttpResponseMessage response = await client.PostAsync(new Uri("/describe", UriKind.Relative), form, TestContext.CancellationToken);
            Assert.AreEqual(System.Net.HttpStatusCode.OK, response.StatusCode);
            Description? description = await response.Content.ReadFromJsonAsync<Description>(TestContext.CancellationToken);
            FashionPrediction expected = classifier.Predict(png);
            Assert.AreEqual(expected.ClassName, description?.ClassName);
            Assert.AreEqual(expected.Probability, description!.Probability, 1e-6f);
        }

        AssertReadmeShowsEverySnippet();
    }

    public TestContext TestContext { get; set; } = null!;

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

        AssertReadmeShowsEverySnippet();
    }

    private static void AssertReadmeShowsEverySnippet()
    {
        string source = File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "tests", "AlexNetMl.Tests", "Inference", "Classifier", "ReadmeSnippetTests.cs"));
        string readme = Normalize(File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "README.md")));
        MatchCollection snippets = Snippet().Matches(source);
        Assert.HasCount(2, snippets);
        foreach (Match snippet in snippets)
        {
            Assert.Contains(Normalize(snippet.Groups[1].Value), readme, "README.md must show the snippet exactly as compiled here");
        }
    }

    private static string Normalize(string code) => string.Join("\n", code.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0));

    [GeneratedRegex("// README-SNIPPET-START\\n(.*?)\\s*// README-SNIPPET-END", RegexOptions.Singleline)]
    private static partial Regex Snippet();
}
