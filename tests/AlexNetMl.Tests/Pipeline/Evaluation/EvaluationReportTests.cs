using AlexNetMl.Pipeline.Evaluation;
using AlexNetMl.Tests.Infrastructure;
using Microsoft.ML.Data;
using Microsoft.ML;

namespace AlexNetMl.Tests.Pipeline.Evaluation;

[TestClass]
public sealed class EvaluationReportTests
{
    [TestMethod]
    public void Evaluate_GivesHandComputedAccuraciesAndLogLoss()
    {
        var rows = new[]
        {
            Row(0, (0, 0.7f), (1, 0.1f), (2, 0.2f)),              // right, p(true) 0.7
            Row(1, (0, 0.6f), (1, 0.4f)),                         // wrong (predicts 0), p(true) 0.4
            Row(2, (1, 0.1f), (2, 0.9f)),                         // right, p(true) 0.9
            Row(2, (0, 0.2f), (2, 0.5f), (3, 0.3f)),              // right, p(true) 0.5
        };
        var mlContext = new MLContext();
        IDataView data = mlContext.Data.LoadFromEnumerable(rows);

        EvaluationReport report = EvaluationReport.Evaluate(mlContext, data, OracleModel.Contract(), "cpu", "handmade", "test");

        Assert.AreEqual(0.75, report.MicroAccuracy, 1e-9, "3 of 4 right");
        Assert.AreEqual((1.0 + 0.0 + 1.0) / 3, report.MacroAccuracy, 1e-9, "recalls 1, 0, 1 over the classes present");
        double logLoss = -(Math.Log(0.7) + Math.Log(0.4) + Math.Log(0.9) + Math.Log(0.5)) / 4;
        Assert.AreEqual(logLoss, report.LogLoss, 1e-6);
        Assert.AreEqual(1.0, report.TopKAccuracy, 1e-9, "the wrong row's true class is second");
        Assert.AreEqual(1L, report.Confusion[1][0]);
        Assert.AreEqual(4L, report.Images);
    }

    [TestMethod]
    public void Write_ProducesTheReportFiles()
    {
        using TempFolder temp = TestPaths.NewTempFolder();
        var mlContext = new MLContext();
        IDataView data = mlContext.Data.LoadFromEnumerable(new[] { Row(0, (0, 1f)), Row(1, (1, 1f)) });
        EvaluationReport report = EvaluationReport.Evaluate(mlContext, data, OracleModel.Contract(), "cpu", "handmade", "test");

        FashionEvaluator.Write(report, temp.Path);

        Assert.Contains("| micro accuracy | 1.0000 |", File.ReadAllText(temp.File("report.md")));
        Assert.Contains("\"micro_accuracy\": 1", File.ReadAllText(temp.File("metrics.json")));
        Assert.Contains("Weights: fp32", File.ReadAllText(temp.File("report.md")));
    }

    private static ScoredRow Row(uint label, params (int Class, float P)[] probabilities)
    {
        float[] p = new float[10];
        foreach ((int c, float value) in probabilities)
        {
            p[c] = value;
        }

        // LoadFromEnumerable takes a [KeyType] member's value as the 0-based index and stores key index + 1 itself.
        return new ScoredRow { Label = label, Probabilities = p };
    }

    private sealed class ScoredRow
    {
        [KeyType(10)]
        public uint Label { get; set; }

        [ColumnName("probabilities")]
        [VectorType(10)]
        public float[] Probabilities { get; set; } = [];
    }
}
