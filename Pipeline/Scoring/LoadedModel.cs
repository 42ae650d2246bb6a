using AlexNetMl.Contract.Model;
using AlexNetMl.Contract.Settings;
using Microsoft.ML.Data;
using Microsoft.ML;

namespace AlexNetMl.Pipeline.Scoring;

/// <summary>A model ready to score: the fitted chain, the contract it keeps, and where it runs.</summary>
/// <param name="Transformer">The chain (input preparation + ONNX): Pixels in, the contract's probabilities column out.</param>
/// <param name="Contract">What the model promises, read from the file.</param>
/// <param name="Device">Where it scores: resolved now, for ONNX files and model.zip alike.</param>
/// <param name="Format">What the file was.</param>
/// <param name="Path">Full path of the file.</param>
/// <param name="Pipeline">For an ONNX file, the chain built around it (to save as model.zip); null for a model.zip.</param>
public sealed record LoadedModel(ITransformer Transformer, ModelContract Contract, ScoringDevice Device, ModelFileFormat Format, string Path, FashionScoringPipeline? Pipeline) : IDisposable
{
    /// <summary>For a model made elsewhere, one line saying what was inferred from its graph; null for a model of this project.</summary>
    public string? InferredContract => Pipeline?.Model.InferredContract;

    /// <summary>"fp32" or "int8": which weights were scored.</summary>
    public string Weights => SettingNames.Of(Contract.Weights);

    /// <summary>Scores every row of <paramref name="data"/> (reading the probabilities, which is what makes ML.NET run the chain) and returns the row count.</summary>
    public long ScoreAll(IDataView data)
    {
        IDataView scored = Transformer.Transform(data);
        DataViewSchema.Column column = scored.Schema[Contract.ProbabilitiesName];
        using DataViewRowCursor cursor = scored.GetRowCursor([column]);
        ValueGetter<VBuffer<float>> getter = cursor.GetGetter<VBuffer<float>>(column);
        VBuffer<float> value = default;
        long rows = 0;
        while (cursor.MoveNext())
        {
            getter(ref value);
            rows++;
        }

        return rows;
    }

    public void Dispose() => (Transformer as IDisposable)?.Dispose();
}
