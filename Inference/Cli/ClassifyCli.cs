using System.CommandLine;
using System.Text.Json;
using AlexNetMl.Inference.Classification;
using AlexNetMl.Inference.Preprocessing;
using AlexNetMl.Pipeline.Scoring;
using Spectre.Console;

namespace AlexNetMl.Inference.Cli;

/// <summary>
/// <c>alexnet-classify [--model runs/latest/model.zip] [--json] [--invert auto|yes|no] FILE...</c>: classifies image
/// files. Each bad file gets its own error; the others are still classified; the exit code is 1 if any file failed.
/// </summary>
public static class ClassifyCli
{
    /// <summary>Every file classified.</summary>
    public const int Success = 0;

    /// <summary>At least one file could not be classified.</summary>
    public const int SomeFilesFailed = 1;

    /// <summary>Bad arguments, or no usable model.</summary>
    public const int BadInput = 2;

    /// <summary>Parses and runs; returns the exit code. Output goes to <paramref name="console"/> (default: the terminal).</summary>
    public static int Run(string[] args, IAnsiConsole? console = null, TextWriter? jsonOutput = null)
    {
        console ??= AnsiConsole.Console;
        jsonOutput ??= Console.Out;
        var model = new Option<string>("--model") { Description = "model.zip (or model.onnx) to use.", DefaultValueFactory = _ => Path.Combine("runs", "latest", "model.zip") };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of a table." };
        var invert = new Option<InvertMode>("--invert") { Description = "Invert grey levels: auto (light backgrounds), yes or no.", DefaultValueFactory = _ => InvertMode.Auto };
        var files = new Argument<string[]>("FILE") { Description = "Image files to classify.", Arity = ArgumentArity.OneOrMore };
        var root = new RootCommand("Classifies clothing images with a trained AlexNet (Fashion-MNIST classes).") { model, json, invert, files };
        ParseResult parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            console.MarkupLine($"[red]error:[/] {Markup.Escape(string.Join(" ", parse.Errors.Select(e => e.Message)))}");
            return BadInput;
        }

        root.SetAction(result => Classify(result.GetValue(model)!, result.GetValue(json), result.GetValue(invert), result.GetValue(files)!, console, jsonOutput));
        return parse.Invoke();
    }

    private static int Classify(string modelPath, bool asJson, InvertMode invert, string[] files, IAnsiConsole console, TextWriter jsonOutput)
    {
        if (!File.Exists(modelPath))
        {
            console.MarkupLine($"[red]error:[/] no model at {Markup.Escape(modelPath)}. Train one with [bold]dotnet run --project Training[/] (it writes runs/latest/model.zip), or pass --model.");
            return BadInput;
        }

        FashionClassifier classifier;
        try
        {
            classifier = new FashionClassifier(new FashionClassifierOptions { ModelPath = modelPath, Images = new ImagePreprocessorOptions { Invert = invert } });
        }
        catch (OnnxModelException e)
        {
            console.MarkupLine($"[red]error:[/] {Markup.Escape(e.Message)}");
            return BadInput;
        }

        using (classifier)
        {
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

            if (asJson)
            {
                WriteJson(results, jsonOutput);
            }
            else
            {
                WriteTable(results, console);
            }

            return results.Any(r => r.Error is not null) ? SomeFilesFailed : Success;
        }
    }

    private static void WriteTable(List<FileResult> results, IAnsiConsole console)
    {
        var table = new Table().AddColumns("file", "class", "probability", "top 3");
        table.Columns[2].RightAligned();
        foreach (FileResult result in results)
        {
            if (result.Prediction is { } p)
            {
                table.AddRow(Markup.Escape(result.File), Markup.Escape(p.ClassName), $"{p.Probability:P1}", Markup.Escape(string.Join(", ", p.Top3.Select(c => $"{c.Name} {c.Probability:P1}"))));
            }
            else
            {
                table.AddRow(Markup.Escape(result.File), "[red]error[/]", string.Empty, $"[red]{Markup.Escape(result.Error!)}[/]");
            }
        }

        console.Write(table);
    }

    private static void WriteJson(List<FileResult> results, TextWriter output)
    {
        var document = results.Select(r => r.Prediction is { } p
            ? (object)new { file = r.File, @class = p.ClassName, index = p.ClassIndex, probability = p.Probability, top3 = p.Top3.Select(c => new { @class = c.Name, probability = c.Probability }), probabilities = p.Probabilities }
            : new { file = r.File, error = r.Error });
        output.WriteLine(JsonSerializer.Serialize(document, JsonOptions));
    }

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    private sealed record FileResult(string File, FashionPrediction? Prediction, string? Error);
}
