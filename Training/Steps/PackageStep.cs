using AlexNetMl.Contract.Runs;
using AlexNetMl.Pipeline.Scoring;
using Microsoft.ML;

namespace AlexNetMl.Training.Steps;

/// <summary>
/// Package: saves the ML.NET scoring chain over the run's model.onnx as model.zip, the file apps, <c>classify</c> and
/// <c>serve</c> load. It runs whether or not the evaluation does.
/// </summary>
public sealed class PackageStep(IJobObserver observer)
{
    /// <summary>Packages <paramref name="onnxPath"/> into <paramref name="run"/>; returns model.zip's full path.</summary>
    public string Run(string onnxPath, RunFolder run)
    {
        ArgumentNullException.ThrowIfNull(run);
        string package = run.File(RunFolder.PackageFile);
        ModelPackage.Save(new MLContext(seed: 0), onnxPath, package);
        observer.Report($"Packaged {package} ({FileSizes.Describe(package)}): the ML.NET chain over {RunFolder.ModelFile}, for mlContext.Model.Load, classify and serve.");
        return package;
    }
}
