using AlexNetMl.Pipeline.Data;
using AlexNetMl.Pipeline.DataView;
using Microsoft.ML.Data;
using Microsoft.ML;

namespace AlexNetMl.Pipeline.Evaluation;

/// <summary>Adds <c>PredictedLabel</c> (the arg-max of the probabilities, as a key) for ML.NET's evaluator.</summary>
/// <remarks>Used only at evaluation time and never saved, so it needs no registered factory.</remarks>
internal static class PredictedLabelMapping
{
    public static IDataView Apply(MLContext mlContext, IDataView scored, string probabilitiesColumn)
    {
        IDataView input = probabilitiesColumn == FashionMnistColumns.Probabilities
            ? scored
            : mlContext.Transforms.CopyColumns(FashionMnistColumns.Probabilities, probabilitiesColumn).Fit(scored).Transform(scored);
        return mlContext.Transforms.CustomMapping<ScoreRow, PredictionRow>(Map, contractName: null).Fit(input).Transform(input);
    }

    private static void Map(ScoreRow input, PredictionRow output)
    {
        int best = 0;
        for (int i = 1; i < input.Probabilities.Length; i++)
        {
            if (input.Probabilities[i] > input.Probabilities[best])
            {
                best = i;
            }
        }

        output.PredictedLabel = ClassKeys.FromIndex(best);
    }

    private sealed class ScoreRow
    {
        [ColumnName(FashionMnistColumns.Probabilities)]
        [VectorType(FashionMnistClasses.Count)]
        public float[] Probabilities { get; set; } = [];
    }

    private sealed class PredictionRow
    {
        [ColumnName(FashionMnistColumns.PredictedLabel)]
        [KeyType(FashionMnistClasses.Count)]
        public uint PredictedLabel { get; set; }
    }
}
