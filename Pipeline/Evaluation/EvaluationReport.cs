using System.Text.Json.Serialization;
using System.Text.Json;
using AlexNetMl.Contract.Model;
using AlexNetMl.Contract.Settings;
using AlexNetMl.Pipeline.DataView;
using AlexNetMl.Pipeline.Scoring;
using Microsoft.ML.Data;
using Microsoft.ML;

namespace AlexNetMl.Pipeline.Evaluation;

/// <summary>
/// What an evaluation found, all taken from <c>mlContext.MulticlassClassification.Evaluate</c>: accuracies, log-loss,
/// top-k accuracy, per-class precision/recall/log-loss and the confusion counts.
/// </summary>
public sealed record EvaluationReport
{
    /// <summary>The k of <see cref="TopKAccuracy"/>.</summary>
    public const int TopK = 3;

    /// <summary>Images evaluated.</summary>
    public required long Images { get; init; }

    /// <summary>Fraction of images classified correctly.</summary>
    public required double MicroAccuracy { get; init; }

    /// <summary>Mean of the per-class accuracies (recalls).</summary>
    public required double MacroAccuracy { get; init; }

    /// <summary>Mean negative log-probability of the true class.</summary>
    public required double LogLoss { get; init; }

    /// <summary>1 − log-loss / log-loss of the class prior.</summary>
    public required double LogLossReduction { get; init; }

    /// <summary>Fraction of images whose true class is among the top <see cref="TopK"/>.</summary>
    public required double TopKAccuracy { get; init; }

    /// <summary>Per-class figures, in class order.</summary>
    public required IReadOnlyList<ClassMetrics> Classes { get; init; }

    /// <summary>Confusion counts: [true class][predicted class].</summary>
    public required IReadOnlyList<IReadOnlyList<long>> Confusion { get; init; }

    /// <summary>Where scoring ran.</summary>
    public required string Device { get; init; }

    /// <summary>The model evaluated.</summary>
    public required string Model { get; init; }

    /// <summary>How scoring was done (ML.NET chain, or batched).</summary>
    public required string Scorer { get; init; }

    /// <summary>Which weights were scored: fp32, or int8 (quantized dense layers).</summary>
    public required string Weights { get; init; }

    /// <summary>Wall-clock seconds of scoring and evaluation.</summary>
    public double Seconds { get; init; }

    /// <summary>For a model made elsewhere, what was inferred of its contract from its graph; null for a model of this project.</summary>
    [JsonIgnore]
    public string? InferredContract { get; init; }

    /// <summary>Runs ML.NET's multiclass evaluator on scored data (a key Label and a probabilities vector).</summary>
    public static EvaluationReport Evaluate(MLContext mlContext, IDataView scored, ModelContract contract, string device, string model, string scorer)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(contract);
        ulong labels = (scored.Schema[FashionMnistColumns.Label].Type as KeyDataViewType)?.Count ?? 0;
        if ((ulong)contract.ClassCount != labels)
        {
            throw new OnnxModelException($"'{model}' classifies {contract.ClassCount} classes, and the test set's labels have {labels}: evaluation needs a model of the data's classes.");
        }

        IDataView withPrediction = PredictedLabelMapping.Apply(mlContext, scored, contract.ProbabilitiesName, contract.ClassCount);
        MulticlassClassificationMetrics metrics = mlContext.MulticlassClassification.Evaluate(
            withPrediction,
            labelColumnName: FashionMnistColumns.Label,
            scoreColumnName: FashionMnistColumns.Probabilities,
            predictedLabelColumnName: FashionMnistColumns.PredictedLabel,
            topKPredictionCount: TopK);
        return FromMetrics(metrics, contract.ClassNames, device, model, scorer, SettingNames.Of(contract.Weights));
    }

    /// <summary>Builds the report from ML.NET's metrics object.</summary>
    public static EvaluationReport FromMetrics(MulticlassClassificationMetrics metrics, IReadOnlyList<string> classNames, string device, string model, string scorer, string weights)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(classNames);
        ConfusionMatrix confusion = metrics.ConfusionMatrix;
        long[][] counts = confusion.Counts.Select(row => row.Select(c => (long)Math.Round(c)).ToArray()).ToArray();
        var classes = classNames.Select((name, i) => new ClassMetrics(
            name,
            confusion.PerClassPrecision[i],
            confusion.PerClassRecall[i],
            metrics.PerClassLogLoss[i],
            counts[i].Sum())).ToList();
        return new EvaluationReport
        {
            Images = counts.Sum(row => row.Sum()),
            MicroAccuracy = metrics.MicroAccuracy,
            MacroAccuracy = metrics.MacroAccuracy,
            LogLoss = metrics.LogLoss,
            LogLossReduction = metrics.LogLossReduction,
            TopKAccuracy = metrics.TopKAccuracy,
            Classes = classes,
            Confusion = counts,
            Device = device,
            Model = model,
            Scorer = scorer,
            Weights = weights,
        };
    }

    /// <summary>metrics.json's content.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    /// <summary>report.md's content.</summary>
    public string ToMarkdown()
    {
        var text = new System.Text.StringBuilder();
        text.AppendLine("# Evaluation report").AppendLine();
        text.AppendLine($"Model: `{Model}`  ").AppendLine($"Weights: {Weights}; scorer: {Scorer}; device: {Device}; {Images:N0} images in {Seconds:F1} s").AppendLine();
        text.AppendLine("| metric | value |").AppendLine("|---|---|");
        text.AppendLine($"| micro accuracy | {MicroAccuracy:F4} |");
        text.AppendLine($"| macro accuracy | {MacroAccuracy:F4} |");
        text.AppendLine($"| log-loss | {LogLoss:F4} |");
        text.AppendLine($"| log-loss reduction | {LogLossReduction:F4} |");
        text.AppendLine($"| top-{TopK} accuracy | {TopKAccuracy:F4} |").AppendLine();
        text.AppendLine("| class | precision | recall | log-loss | images |").AppendLine("|---|---|---|---|---|");
        foreach (ClassMetrics c in Classes)
        {
            text.AppendLine($"| {c.Name} | {c.Precision:F4} | {c.Recall:F4} | {c.LogLoss:F4} | {c.Support:N0} |");
        }

        text.AppendLine().AppendLine("Confusion (rows: true class, columns: predicted class)").AppendLine();
        text.AppendLine("| true \\ predicted | " + string.Join(" | ", Classes.Select(c => c.Name)) + " |");
        text.AppendLine("|---|" + string.Concat(Enumerable.Repeat("---|", Classes.Count)));
        for (int i = 0; i < Classes.Count; i++)
        {
            text.AppendLine($"| {Classes[i].Name} | " + string.Join(" | ", Confusion[i]) + " |");
        }

        return text.ToString();
    }

    private static JsonSerializerOptions JsonOptions { get; } = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };
}
