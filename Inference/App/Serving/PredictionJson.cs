using AlexNetMl.Inference.Classification;

namespace AlexNetMl.Inference.Serving;

/// <summary>A prediction as JSON: the shape the CLI's <c>--json</c> and <c>POST /classify</c> both print.</summary>
public static class PredictionJson
{
    /// <summary>The JSON object of <paramref name="prediction"/> (with <paramref name="file"/> when one was classified).</summary>
    public static object Of(FashionPrediction prediction, string? file = null)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        var top3 = prediction.Top3.Select(c => new { @class = c.Name, probability = c.Probability });
        return file is null
            ? new { @class = prediction.ClassName, index = prediction.ClassIndex, probability = prediction.Probability, top3, probabilities = prediction.Probabilities }
            : new { file, @class = prediction.ClassName, index = prediction.ClassIndex, probability = prediction.Probability, top3, probabilities = prediction.Probabilities };
    }
}
