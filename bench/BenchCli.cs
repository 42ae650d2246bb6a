using System.CommandLine;
using AlexNetMl.Bench.Recipes;
using AlexNetMl.Contract.Programs;

namespace AlexNetMl.Bench;

/// <summary>The benchmark's command line: the benchmarks, the recipe study, and the probes a parent run starts.</summary>
public static class BenchCli
{
    /// <summary>The program's name, in logs and help.</summary>
    public const string ProgramName = "alexnet-bench";

    /// <summary>Parses and runs; returns the process exit code.</summary>
    public static int Run(string[] args) => new ProgramShell(ProgramName).Invoke(CreateRoot(), args);

    /// <summary>Every option of the benchmark program.</summary>
    public static RootCommand CreateRoot()
    {
        var quick = new Option<bool>("--quick") { Description = "Run every item small enough to check the harness (figures mean nothing)." };
        var markdown = new Option<string>("--markdown") { Description = "Where to write the report.", DefaultValueFactory = _ => Path.Combine("docs", "benchmarks.md") };
        var json = new Option<string>("--json") { Description = "Where to write the figures as JSON.", DefaultValueFactory = _ => Path.Combine("bench", "results.json") };
        var data = new Option<string?>("--data") { Description = "Fashion-MNIST directory." };
        var runs = new Option<string[]>("--run") { Description = "A finished main-job run folder to report (accuracy, job time); repeat for several.", AllowMultipleArgumentsPerToken = false };
        var drift = new Option<bool>("--drift") { Description = "Also run the main job with a CPU-burning neighbour from 5 minutes in, for 5 minutes (20 minutes; compares with a --run of the same precision and ISA)." };
        var recipes = new Option<bool>("--recipes") { Description = "Instead of the benchmarks, run the training-recipe study and write docs/training-recipe.md." };
        var recipeImages = new Option<int>("--recipe-images") { Description = "Training images per recipe tried.", DefaultValueFactory = _ => 16_384 };
        var recipeTest = new Option<int>("--recipe-test-images") { Description = "Test images each recipe is judged on (the first N).", DefaultValueFactory = _ => 10_000 };
        var recipeOut = new Option<string>("--recipe-markdown") { Description = "Where the recipe study writes its table.", DefaultValueFactory = _ => Path.Combine("docs", "training-recipe.md") };
        var recipeQuestions = new Option<string[]>("--recipe-question") { Description = $"Ask only this question of the recipe study ({string.Join(", ", RecipeStudy.Questions.Select(q => q.Step))}); the start always trains; repeat for several.", AllowMultipleArgumentsPerToken = false };
        var only = new Option<string[]>("--only") { Description = $"Re-measure only these subjects ({string.Join(", ", BenchProgram.Subjects.Select(s => s.Name))}) and replace their sections of the existing report; repeat for several.", AllowMultipleArgumentsPerToken = false };
        var probe = new Option<string?>("--probe") { Description = "Internal: measure one figure for a parent bench run (training) and print it.", Hidden = true };
        var probeBatch = new Option<int>("--probe-batch") { Description = "Internal: the probe's batch size.", Hidden = true, DefaultValueFactory = _ => 64 };
        var root = new RootCommand("Measures training, scoring, serving, memory and latency and writes docs/benchmarks.md.") { quick, markdown, json, data, runs, drift, only, recipes, recipeImages, recipeTest, recipeQuestions, recipeOut, probe, probeBatch };
        root.SetAction(parse => parse.GetValue(probe) is { } probed
            ? BenchProgram.RunProbe(probed, parse.GetValue(probeBatch), parse.GetValue(quick), parse.GetValue(data))
            : parse.GetValue(recipes)
            ? BenchProgram.RunRecipes(new RecipeRequest(parse.GetValue(quick), parse.GetValue(recipeImages), parse.GetValue(recipeTest), parse.GetValue(recipeOut)!, parse.GetValue(data), parse.GetValue(recipeQuestions) ?? []))
            : BenchProgram.Run(parse.GetValue(quick), parse.GetValue(markdown)!, parse.GetValue(json)!, parse.GetValue(data), parse.GetValue(runs), parse.GetValue(only), parse.GetValue(drift)));
        return root;
    }
}
