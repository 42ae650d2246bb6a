using System.Text.Json;
using AlexNetMl.Inference.Cli;
using AlexNetMl.Tests.Infrastructure;
using Spectre.Console.Testing;

namespace AlexNetMl.Tests.Inference.Cli;

[TestClass]
public sealed class ClassifyCliTests
{
    [TestMethod]
    public void Run_ClassifiesGoodFilesReportsBadOnesAndExitsNonZero()
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        string good = TestImages.SaveTestImagePng(temp.File("boot.png"), 0);

        string bad = temp.File("bad.png");
        File.WriteAllText(bad, "text");
        var console = new TestConsole { EmitAnsiSequences = false };
        console.Profile.Width = 200;

        int exit = ClassifyCli.Run(["--model", TrainedPipeline.ModelZip, good, bad], console);

        Assert.AreEqual(ClassifyCli.SomeFilesFailed, exit);
        string output = console.Output;
        Assert.Contains("boot.png", output);
        Assert.Contains("bad.png", output);
        Assert.Contains("not an image format", output);
    }

    [TestMethod]
    public void Run_WithJsonPrintsOneObjectPerFile()
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        string good = TestImages.SaveTestImagePng(temp.File("item.png"), 1);

        using var json = new StringWriter();
        int exit = ClassifyCli.Run(["--json", "--model", TrainedPipeline.ModelZip, good], new TestConsole(), json);

        Assert.AreEqual(ClassifyCli.Success, exit);
        using JsonDocument document = JsonDocument.Parse(json.ToString());
        JsonElement item = document.RootElement[0];
        Assert.AreEqual(good, item.GetProperty("file").GetString());
        Assert.AreEqual(3, item.GetProperty("top3").GetArrayLength());
        Assert.AreEqual(10, item.GetProperty("probabilities").GetArrayLength());
    }

    [TestMethod]
    public void Run_WithoutAModelSaysHowToTrainOne()
    {
        var console = new TestConsole { EmitAnsiSequences = false };
        console.Profile.Width = 300;
        int exit = ClassifyCli.Run(["--model", "/no/such/model.zip", "x.png"], console);
        Assert.AreEqual(ClassifyCli.BadInput, exit);
        Assert.Contains("dotnet run --project Training", console.Output);
    }
}
