using System.CommandLine;
using AlexNetMl.Bench;
using AlexNetMl.Pipeline.Data;
using AlexNetMl.Pipeline.IO;

var quick = new Option<bool>("--quick") { Description = "Run every item small enough to check the harness (figures mean nothing)." };
var markdown = new Option<string>("--markdown") { Description = "Where to write the report.", DefaultValueFactory = _ => Path.Combine("docs", "benchmarks.md") };
var json = new Option<string>("--json") { Description = "Where to write the figures as JSON.", DefaultValueFactory = _ => Path.Combine("bench", "results.json") };
var data = new Option<string?>("--data") { Description = "Fashion-MNIST directory." };
var runs = new Option<string[]>("--run") { Description = "A finished main-job run folder to report (accuracy, duration); repeat for several.", AllowMultipleArgumentsPerToken = false };
var root = new RootCommand("Measures training, scoring, memory and latency in one process and writes docs/benchmarks.md.") { quick, markdown, json, data, runs };
root.SetAction(parse => BenchProgram.Run(parse.GetValue(quick), parse.GetValue(markdown)!, parse.GetValue(json)!, parse.GetValue(data), parse.GetValue(runs)));
ParseResult result = root.Parse(args);
if (result.Errors.Count > 0)
{
    Console.Error.WriteLine($"error: {string.Join(" ", result.Errors.Select(e => e.Message))}");
    return 2;
}

return result.Invoke();

namespace AlexNetMl.Bench
{
    /// <summary>The benchmark command's body, callable from tests.</summary>
    public static class BenchProgram
    {
        public static int Run(bool quick, string markdownPath, string jsonPath, string? dataDirectory, IReadOnlyList<string>? runDirectories = null)
        {
            string work = Path.Combine(Path.GetTempPath(), "alexnetml-bench-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(work);
            try
            {
                var runner = new BenchRunner(quick ? BenchSettings.QuickRun : BenchSettings.Full, FashionMnistFiles.ResolveDirectory(dataDirectory), work, Console.WriteLine, runDirectories);
                BenchReport report = runner.Run();
                foreach (string path in new[] { markdownPath, jsonPath })
                {
                    Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
                }

                AtomicFile.WriteAllText(markdownPath, ReportWriter.ToMarkdown(report));
                AtomicFile.WriteAllText(jsonPath, ReportWriter.ToJson(report));
                Console.WriteLine($"Wrote {markdownPath} and {jsonPath}.");
                return 0;
            }
            finally
            {
                Directory.Delete(work, recursive: true);
            }
        }
    }
}
