using System.Text.Json;
using AlexNetMl.Contract.Programs;
using AlexNetMl.Inference.Cli;
using AlexNetMl.Tests.Infrastructure;

namespace AlexNetMl.Tests.Inference.Cli;

[TestClass]
public sealed class ClassifyCliTests
{
    [TestMethod]
    public void Run_ClassifiesGoodFilesReportsBadOnesAndExitsWithFailure()
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        string good = TestImages.SaveTestImagePng(temp.File("boot.png"), 0);
        string bad = temp.File("bad.png");
        File.WriteAllText(bad, "text");
        using var output = new StringWriter();

        int exit = ClassifyCli.Run(["--model", TrainedPipeline.ModelZip, good, bad], output, TextWriter.Null, outputIsTerminal: true);

        // A table is drawn for a terminal (here 80 columns wide, so cells wrap); the message itself is checked piped.
        Assert.AreEqual(ExitCodes.BadInput, exit);
        Assert.Contains("boot.png", output.ToString());
        Assert.Contains("bad.png", output.ToString());
        Assert.Contains("error", output.ToString());
        Assert.Contains("│ file ", output.ToString());
    }

    [TestMethod]
    public void Run_WithJsonPrintsOneObjectPerFile()
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        string good = TestImages.SaveTestImagePng(temp.File("item.png"), 1);
        using var json = new StringWriter();

        int exit = ClassifyCli.Run(["--json", "--model", TrainedPipeline.ModelZip, good], json, TextWriter.Null);

        Assert.AreEqual(ExitCodes.Success, exit);
        using JsonDocument document = JsonDocument.Parse(json.ToString());
        JsonElement item = document.RootElement[0];
        Assert.AreEqual(good, item.GetProperty("file").GetString());
        Assert.AreEqual(3, item.GetProperty("top3").GetArrayLength());
        Assert.AreEqual(10, item.GetProperty("probabilities").GetArrayLength());
    }

    [TestMethod]
    public void Run_WithoutAModelSaysHowToTrainOneOnStderr()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int exit = ClassifyCli.Run(["--model", "/no/such/model.zip", "x.png"], output, error);
        Assert.AreEqual(ExitCodes.BadInput, exit);
        Assert.Contains("dotnet run --project Training", error.ToString());
        Assert.AreEqual(string.Empty, output.ToString());
    }

    [TestMethod]
    public void Run_PipedPrintsOneUnwrappedTabSeparatedLinePerFile_Regression()
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        string longName = temp.File(new string('n', 120) + ".png");
        TestImages.SaveTestImagePng(longName, 0);
        string bad = temp.File("bad.png");
        File.WriteAllText(bad, "text");
        using var output = new StringWriter();

        int exit = ClassifyCli.Run(["--model", TrainedPipeline.ModelZip, longName, bad], output, TextWriter.Null, outputIsTerminal: false);

        Assert.AreEqual(ExitCodes.BadInput, exit);
        string[] lines = output.ToString().TrimEnd().Split('\n');
        Assert.HasCount(2, lines, output.ToString());
        string[] first = lines[0].Split('\t');
        Assert.AreEqual(longName, first[0], "the path is whole, not wrapped");
        Assert.HasCount(4, first);
        CollectionAssert.AreEqual(new[] { bad, "error" }, lines[1].Split('\t')[..2]);
    }

    [TestMethod]
    public void Run_ABatchWithCraftedTiffsStillClassifiesTheOtherFiles_Regression()
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        string pages = temp.File("pages.tiff");
        File.WriteAllBytes(pages, TiffWriter.Pages([(40, 30), (300, 7)]));
        string lzma = temp.File("lzma.tiff");
        File.WriteAllBytes(lzma, TiffWriter.Pages([(40, 30)], compression: 34925));
        string good = TestImages.SaveTestImagePng(temp.File("good.png"), 3);
        using var output = new StringWriter();
        using var error = new StringWriter();

        int exit = ClassifyCli.Run(["--model", TrainedPipeline.ModelZip, pages, lzma, good], output, error, outputIsTerminal: false);

        Assert.AreEqual(ExitCodes.BadInput, exit, "one file failed");
        string[] lines = output.ToString().TrimEnd().Split('\n');
        Assert.HasCount(3, lines);
        Assert.AreNotEqual("error", lines[0].Split('\t')[1], "the multi-page TIFF is classified from its first page");
        Assert.AreEqual("error", lines[1].Split('\t')[1]);
        Assert.AreNotEqual("error", lines[2].Split('\t')[1], "the good file after it is still classified");
        Assert.AreEqual(string.Empty, error.ToString(), "no stack trace, no error line for per-file faults");
    }

    [TestMethod]
    public void Run_WithAnInvalidInvertValueIsOneLineAndExit2_Regression()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        Assert.AreEqual(ExitCodes.BadInput, ClassifyCli.Run(["--invert", "7", "x.png"], output, error));
        Assert.AreEqual(1, error.ToString().TrimEnd().Split('\n').Length, error.ToString());
        Assert.Contains("--invert", error.ToString());
    }

    [TestMethod]
    public void Run_WithJsonAndABadModelKeepsStdoutEmpty_Regression()
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        string model = temp.File("model.zip");
        File.WriteAllText(model, "not a model");
        using var output = new StringWriter();
        using var error = new StringWriter();

        Assert.AreEqual(ExitCodes.BadInput, ClassifyCli.Run(["--json", "--model", model, "x.png"], output, error));

        Assert.AreEqual(string.Empty, output.ToString(), "stdout carries results only, so --json output always parses");
        StringAssert.StartsWith(error.ToString(), "error: ");
    }
}
