using AlexNetMl.Contract.Programs;
using AlexNetMl.Tests.Infrastructure;

namespace AlexNetMl.Tests.Contract.Programs;

[TestClass]
public sealed class ProgramShellTests
{
    [TestMethod]
    public void UserErrors_AreOneLineOnStderrAndExitCode2()
    {
        using var error = new StringWriter();
        int exit = new ProgramShell("test", error).Run(() => throw new ArgumentException("--x must be positive (got -1)."));
        Assert.AreEqual(ExitCodes.BadInput, exit);
        Assert.AreEqual("error: --x must be positive (got -1)." + Environment.NewLine, error.ToString());
    }

    [TestMethod]
    [DataRow(28, "disk is full", DisplayName = "ENOSPC")]
    [DataRow(30, "read-only", DisplayName = "EROFS")]
    public void StorageFaults_AreTheUsersToFix_OneLineWithAdviceAndExitCode2(int errno, string advice)
    {
        using var error = new StringWriter();
        int exit = new ProgramShell("test", error).Run(() => throw new IOException("No luck : '/runs/x/model.onnx'", errno));
        Assert.AreEqual(ExitCodes.BadInput, exit, "not an internal error");
        Assert.AreEqual(1, error.ToString().TrimEnd().Split('\n').Length, error.ToString());
        Assert.Contains("/runs/x/model.onnx", error.ToString());
        Assert.Contains(advice, error.ToString());
        Assert.DoesNotContain("report it", error.ToString());
    }

    [TestMethod]
    public void OtherIOErrors_StayInternal()
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        var shell = new ProgramShell("test", TextWriter.Null) { ErrorLogPath = temp.File("error.log") };
        Assert.AreEqual(ExitCodes.InternalError, shell.Run(() => throw new IOException("Input/output error", 5)));
    }

    [TestMethod]
    public void InternalErrors_ExitWith70AndLogTheStackTraceToAFileNotTheUser()
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        using var error = new StringWriter();
        var shell = new ProgramShell("test", error) { ErrorLogPath = temp.File("error.log") };
        int exit = shell.Run(() => throw new InvalidOperationException("boom"));
        Assert.AreEqual(ExitCodes.InternalError, exit);
        Assert.AreEqual(1, error.ToString().TrimEnd().Split('\n').Length, error.ToString());
        Assert.Contains(temp.File("error.log"), error.ToString());
        Assert.DoesNotContain(" at ", error.ToString());
        Assert.Contains("InvalidOperationException: boom", File.ReadAllText(temp.File("error.log")));
        Assert.Contains(" at ", File.ReadAllText(temp.File("error.log")), "the log holds the stack trace");
    }

    [TestMethod]
    public void Verbose_PrintsTheWholeException()
    {
        using var error = new StringWriter();
        var shell = new ProgramShell("test", error) { Verbose = true, ErrorLogPath = Path.Combine(Path.GetTempPath(), $"shell-{Guid.NewGuid():N}.log") };
        shell.Run(() => throw new InvalidOperationException("boom"));
        Assert.Contains(" at ", error.ToString());
        File.Delete(shell.ErrorLogPath);
    }

    [TestMethod]
    public void Messages_LoseTheirControlCharacters()
    {
        using var error = new StringWriter();
        new ProgramShell("test", error).Fail("bad \u001b[2Jname\r\nhere", ExitCodes.BadInput);
        Assert.AreEqual("error: bad [2Jname  here" + Environment.NewLine, error.ToString());
    }

    // Regression: the bench's actions did not guard themselves, so a crash in one (a TorchSharp call refusing its
    // argument) reached the user as System.CommandLine's "Unhandled exception" with a stack trace, and exit 1.
    [TestMethod]
    public void Invoke_RunsAnUnguardedActionInTheShell_NeverExit1()
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        using var error = new StringWriter();
        var shell = new ProgramShell("test", error) { ErrorLogPath = temp.File("error.log") };
        var root = new System.CommandLine.RootCommand();
        root.SetAction(new Func<System.CommandLine.ParseResult, int>(_ => throw new InvalidOperationException("boom")));

        int exit = shell.Invoke(root, []);

        Assert.AreEqual(ExitCodes.InternalError, exit);
        Assert.AreEqual(1, error.ToString().TrimEnd().Split('\n').Length, error.ToString());
        Assert.DoesNotContain(" at ", error.ToString(), "no stack trace reaches the user");
        Assert.Contains("boom", File.ReadAllText(temp.File("error.log")));
    }
}
