using System.CommandLine.Help;
using System.CommandLine;
using System.Text.RegularExpressions;
using AlexNetMl.Bench;
using AlexNetMl.Contract.Programs;
using AlexNetMl.Inference.Cli;
using AlexNetMl.Tests.Infrastructure;
using AlexNetMl.Training.Cli;

namespace AlexNetMl.Tests.Docs;

/// <summary>The README's flags are the programs' options, both ways: none it names is missing, none a program takes is left out.</summary>
[TestClass]
public sealed partial class ReadmeFlagsTests
{
    // Flags of other programs the README shows: dotnet's, docker's and tritonserver's.
    private static readonly string[] OtherPrograms = ["--project", "--rm", "--model-repository"];

    [TestMethod]
    public void EveryFlagInTheReadme_IsAnOptionOfOurPrograms()
    {
        string[] missing = [.. ReadmeFlags().Except(ProgramOptions()).Except(OtherPrograms)];
        Assert.IsEmpty(missing, $"the README names flags no program takes: {string.Join(", ", missing)}");
    }

    [TestMethod]
    public void EveryOptionOfOurPrograms_IsInTheReadme()
    {
        string[] missing = [.. ProgramOptions().Except(ReadmeFlags())];
        Assert.IsEmpty(missing, $"options the README does not mention: {string.Join(", ", missing)}");
    }

    private static HashSet<string> ReadmeFlags() =>
        [.. Flag().Matches(File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "README.md"))).Select(m => m.Value)];

    private static HashSet<string> ProgramOptions()
    {
        var shell = new ProgramShell("test", TextWriter.Null);
        RootCommand[] roots = [TrainingCli.CreateRoot(shell, DateTime.Now), ClassifyCli.CreateRoot(shell, TextWriter.Null, TextWriter.Null, outputIsTerminal: false), BenchCli.CreateRoot()];
        return [.. roots.SelectMany(Options).Append(CommandLineShell.VerboseName)];
    }

    private static IEnumerable<string> Options(Command command) =>
        command.Options.Where(o => !o.Hidden && o is not HelpOption and not VersionOption).Select(o => o.Name)
            .Concat(command.Subcommands.SelectMany(Options));

    [GeneratedRegex(@"(?<![\w-])--[a-z][a-z0-9-]*")]
    private static partial Regex Flag();
}
