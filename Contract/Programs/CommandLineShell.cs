using System.CommandLine.Parsing;
using System.CommandLine;

namespace AlexNetMl.Contract.Programs;

/// <summary>
/// How every program of ours parses its command line and runs it: <c>--verbose</c> on every command, a parse error as
/// one line naming the option (exit 2), and every action inside <see cref="ProgramShell.Run"/>.
/// </summary>
public static class CommandLineShell
{
    /// <summary>The option every program takes: print internal errors in full.</summary>
    public const string VerboseName = "--verbose";

    /// <summary>Adds <c>--verbose</c> to <paramref name="root"/>, parses <paramref name="args"/> and invokes the chosen command in <paramref name="shell"/>.</summary>
    public static int Invoke(this ProgramShell shell, RootCommand root, string[] args)
    {
        ArgumentNullException.ThrowIfNull(shell);
        ArgumentNullException.ThrowIfNull(root);
        var verbose = new Option<bool>(VerboseName) { Description = "Print internal errors in full.", Recursive = true };
        root.Options.Add(verbose);
        ParseResult parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            return shell.Fail(Describe(parse.Errors), ExitCodes.BadInput);
        }

        shell.Verbose = parse.GetValue(verbose);
        // System.CommandLine's own handler prints the stack trace and exits 1; every action runs in the shell instead, so
        // whatever escapes a command becomes one line and exit 2 or 70 (a command that guards itself is unaffected).
        return shell.Run(() => parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false }));
    }

    // System.CommandLine's messages do not always name the option ("Argument '7' not recognized..."): prefix it.
    private static string Describe(IEnumerable<ParseError> errors) =>
        string.Join(" ", errors.Select(e => e.SymbolResult is OptionResult option ? $"{option.Option.Name}: {e.Message}" : e.Message));
}
