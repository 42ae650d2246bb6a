using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using AlexNetMl.Contract.Model;
using AlexNetMl.Contract.Programs;
using AlexNetMl.Contract.Runs;
using AlexNetMl.Contract.Settings;
using AlexNetMl.Inference.Classification;
using AlexNetMl.Inference.Preprocessing;
using AlexNetMl.Inference.Serving;
using Spectre.Console;

namespace AlexNetMl.Inference.Cli;

/// <summary>
/// <c>alexnet-classify [--model runs/latest] [--json] [--invert auto|yes|no] [--device cpu|auto|cuda] FILE...</c>:
/// classifies image files. Each bad file gets its own error and the others are still classified; the exit code is 2 if
/// any file failed, 2 for bad arguments or an unusable model. Results go to stdout (a table on a terminal, one
/// tab-separated line per file when piped, or JSON), errors to stderr.
/// </summary>
public static class ClassifyCli
{
    /// <summary>The program's name, in logs and help.</summary>
    public const string ProgramName = "alexnet-classify";

    /// <summary>Parses and runs; returns the exit code.</summary>
    /// <param name="args">The command line.</param>
    /// <param name="output">Where results go (default: stdout).</param>
    /// <param name="error">Where error lines go (default: stderr).</param>
    /// <param name="outputIsTerminal">Whether <paramref name="output"/> is a terminal (default: asked of the console); a table is drawn only then.</param>
    public static int Run(string[] args, TextWriter? output = null, TextWriter? error = null, bool? outputIsTerminal = null)
    {
        var shell = new ProgramShell(ProgramName, error);
        return shell.Invoke(CreateRoot(shell, output ?? Console.Out, error ?? Console.Error, outputIsTerminal ?? !Console.IsOutputRedirected), args);
    }

    /// <summary>The command line: classifying at the root, and <c>serve</c>; results go to <paramref name="output"/>, notes to <paramref name="notes"/>.</summary>
    public static RootCommand CreateRoot(ProgramShell shell, TextWriter output, TextWriter notes, bool outputIsTerminal)
    {
        var model = new Option<string>("--model") { Description = "A run folder, model.zip or model.onnx to use (default: runs/latest).", DefaultValueFactory = _ => RunFolder.DefaultLatest };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of a table." };
        var invert = new Option<InvertMode>("--invert") { Description = "Invert grey levels: auto (light backgrounds), yes or no.", DefaultValueFactory = _ => InvertMode.Auto }
            .AcceptOnlyFromAmong(StringComparer.OrdinalIgnoreCase, SettingNames.All<InvertMode>());
        var device = new Option<ComputeDevice>("--device") { Description = "Where ONNX scoring runs: cpu, auto or cuda.", DefaultValueFactory = _ => ComputeDevice.Cpu }
            .AcceptOnlyFromAmong(StringComparer.OrdinalIgnoreCase, SettingNames.All<ComputeDevice>());
        var weights = SettingOptions.Enum<ModelWeights>("--weights", "Of a run folder's models, which to use: int8 (the default when the run wrote one) or fp32.");
        var files = new Argument<string[]>("FILE") { Description = "Image files to classify.", Arity = ArgumentArity.OneOrMore };
        var root = new RootCommand("Classifies clothing images with a trained model (Fashion-MNIST classes); `serve` runs it as a web service.") { model, weights, json, invert, device, files };
        root.Subcommands.Add(ServeCommand.Create(shell));
        root.SetAction(parse => shell.Run(() => Classify(
            new FashionClassifierOptions { ModelPath = parse.GetValue(model)!, Weights = parse.GetValue(weights), Device = parse.GetValue(device), Images = new ImagePreprocessorOptions { Invert = parse.GetValue(invert) } },
            parse.GetValue(files)!,
            parse.GetValue(json) ? OutputFormat.Json : outputIsTerminal ? OutputFormat.Table : OutputFormat.Lines,
            output,
            notes)));
        return root;
    }

    private enum OutputFormat
    {
        Table,
        Lines,
        Json,
    }

    private static int Classify(FashionClassifierOptions options, string[] files, OutputFormat format, TextWriter output, TextWriter notes)
    {
        using var classifier = new FashionClassifier(options);
        if (classifier.InferredContract is { } inferred)
        {
            notes.WriteLine($"note: {TerminalText.Clean(inferred)}");
        }

        var results = new List<FileResult>();
        foreach (string file in files)
        {
            try
            {
                results.Add(new FileResult(file, classifier.Predict(file), null));
            }
            catch (InvalidImageException e)
            {
                results.Add(new FileResult(file, null, e.Message));
            }
        }

        switch (format)
        {
            case OutputFormat.Json:
                WriteJson(results, output);
                break;
            case OutputFormat.Lines:
                WriteLines(results, output);
                break;
            default:
                WriteTable(results, output);
                break;
        }

        return results.Any(r => r.Error is not null) ? ExitCodes.BadInput : ExitCodes.Success;
    }

    private static void WriteTable(List<FileResult> results, TextWriter output)
    {
        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
        var table = new Table().AddColumns("file", "class", "probability", "top 3");
        table.Columns[2].RightAligned();
        foreach (FileResult result in results)
        {
            if (result.Prediction is { } p)
            {
                table.AddRow(Markup.Escape(TerminalText.Clean(result.File)), Markup.Escape(p.ClassName), $"{p.Probability:P1}", Markup.Escape(Top3(p)));
            }
            else
            {
                table.AddRow(Markup.Escape(TerminalText.Clean(result.File)), "[red]error[/]", string.Empty, $"[red]{Markup.Escape(TerminalText.Clean(result.Error!))}[/]");
            }
        }

        console.Write(table);
    }

    /// <summary>One line per file, never wrapped, for pipes: file, class, probability, top 3; or file, "error", message.</summary>
    private static void WriteLines(List<FileResult> results, TextWriter output)
    {
        foreach (FileResult result in results)
        {
            string file = Field(result.File);
            output.WriteLine(result.Prediction is { } p
                ? $"{file}\t{Field(p.ClassName)}\t{p.Probability.ToString("F4", CultureInfo.InvariantCulture)}\t{Field(Top3(p))}"
                : $"{file}\terror\t{Field(result.Error!)}");
        }
    }

    private static string Top3(FashionPrediction p) => string.Join(", ", p.Top3.Select(c => $"{c.Name} {c.Probability.ToString("P1", CultureInfo.InvariantCulture)}"));

    // A tab or newline inside a field would break the line format; control characters are dropped anyway.
    private static string Field(string text) => TerminalText.Clean(text).Replace('\t', ' ');

    private static void WriteJson(List<FileResult> results, TextWriter output)
    {
        var document = results.Select(r => r.Prediction is { } p ? PredictionJson.Of(p, r.File) : new { file = r.File, error = r.Error });
        output.WriteLine(JsonSerializer.Serialize(document, JsonOptions));
    }

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    private sealed record FileResult(string File, FashionPrediction? Prediction, string? Error);
}
