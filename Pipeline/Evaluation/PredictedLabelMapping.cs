using System.Numerics.Tensors;
using AlexNetMl.Pipeline.DataView;
using Microsoft.ML.Data;
using Microsoft.ML;

namespace AlexNetMl.Pipeline.Evaluation;

/// <summary>Adds <c>PredictedLabel</c> (the arg-max of the probabilities, as a key) for ML.NET's evaluator.</summary>
/// <remarks>Used only at evaluation time and never saved, so it needs no registered factory.</remarks>
internal static class PredictedLabelMapping
{
    public static IDataView Apply(MLContext mlContext, IDataView scored, string probabilitiesColumn, int classes)
    {
        IDataView input = probabilitiesColumn == FashionMnistColumns.Probabilities
            ? scored
            : mlContext.Transforms.CopyColumns(FashionMnistColumns.Probabilities, probabilitiesColumn).Fit(scored).Transform(scored);

        // The vector's length and the key's count come from the model's class count, not from attributes.
        SchemaDefinition inputSchema = SchemaDefinition.Create(typeof(ScoreRow));
        inputSchema[FashionMnistColumns.Probabilities].ColumnType = new VectorDataViewType(NumberDataViewType.Single, classes);
        SchemaDefinition outputSchema = SchemaDefinition.Create(typeof(PredictionRow));
        outputSchema[FashionMnistColumns.PredictedLabel].ColumnType = new KeyDataViewType(typeof(uint), classes);
        return mlContext.Transforms.CustomMapping<ScoreRow, PredictionRow>(Map, contractName: null, inputSchema, outputSchema).Fit(input).Transform(input);
    }

    private static void Map(ScoreRow input, PredictionRow output) =>
        output.PredictedLabel = ClassKeys.FromIndex(TensorPrimitives.IndexOfMax<float>(input.Probabilities));

    private sealed class ScoreRow
    {
        [ColumnName(FashionMnistColumns.Probabilities)]
        public float[] Probabilities { get; set; } = [];
    }

    private sealed class PredictionRow
    {
        [ColumnName(FashionMnistColumns.PredictedLabel)]
        public uint PredictedLabel { get; set; }
    }
}
