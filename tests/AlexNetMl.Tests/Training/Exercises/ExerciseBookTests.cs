using AlexNetMl.Contract.Programs;
using AlexNetMl.Tests.Infrastructure;
using AlexNetMl.Training.Cli;
using AlexNetMl.Training.Planning;

namespace AlexNetMl.Tests.Training.Exercises;

[TestClass]
public sealed class ExerciseBookTests
{
    [TestMethod]
    public void QuickRun_WritesEverySectionWithItsTablesAndPlots()
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        string markdown = temp.File("exercises.md");
        using var error = new StringWriter();
        Assert.AreEqual(ExitCodes.Success, TrainingCli.Run(["exercises", "--quick", "--lenet-budget", "2s", "--out", markdown, "--data", TestPaths.DataDirectory], error), error.ToString());

        string text = File.ReadAllText(markdown);
        string[] sections =
        [
            "## 1. Computational performance of AlexNet",
            "## 2. Trading computation against bandwidth",
            "## 3. More epochs: AlexNet against LeNet",
            "## 4. A simpler AlexNet, and one on 28×28 images",
            "## 5. Batch size",
            "## 6. Dropout and ReLU in LeNet",
        ];
        int previous = -1;
        foreach (string section in sections)
        {
            int at = text.IndexOf(section, StringComparison.Ordinal);
            Assert.IsGreaterThan(previous, at, $"'{section}' present, in order");
            previous = at;
        }

        StringAssert.Contains(text, "quick harness check");
        StringAssert.Contains(text, $"Written by `dotnet run -c Release --project Training -- exercises --quick --lenet-budget 2s --out {markdown} --data {TestPaths.DataDirectory}`", "the header names the exact command");
        StringAssert.Contains(text, "Each trained for 2 s.", "--lenet-budget reaches exercise 6");
        StringAssert.Contains(text, $"The AlexNet family uses the cpu profile's recipe (Training/Planning/TrainingProfiles.cs): {(TrainingProfiles.Cpu with { BatchSize = 8 }).DescribeRecipe()}.", "the header names the recipe, at the batch of 8 --quick trains with");
        foreach (string row in new[] { "| convolutions |", "| dense layers |", "| alexnet-small |", "| alexnet-28 |", "| lenet-relu-dropout --augment |", "| 4 |", "| 8 |" })
        {
            StringAssert.Contains(text, row);
        }

        foreach (string plot in new[] { "exercise3.png", "exercise6.png" })
        {
            Assert.IsTrue(File.Exists(Path.Combine(temp.Path, "exercises", plot)), $"{plot} written beside the markdown");
            StringAssert.Contains(text, $"](exercises/{plot})");
        }

        Assert.DoesNotContain("NaN", text, "every figure was computed");
    }

    [TestMethod]
    [DataRow("--model-budget", "none", "--model-budget must be a duration")]
    [DataRow("--lenet-budget", "soon", "--lenet-budget must be a duration")]
    public void Budgets_ThatAreNotDurations_ExitTwoNamingTheOption(string option, string value, string expected)
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        using var error = new StringWriter();
        Assert.AreEqual(ExitCodes.BadInput, TrainingCli.Run(["exercises", "--quick", option, value, "--out", temp.File("x.md"), "--data", TestPaths.DataDirectory], error));
        StringAssert.Contains(error.ToString(), expected);
        Assert.IsFalse(File.Exists(temp.File("x.md")), "nothing written");
    }
}
