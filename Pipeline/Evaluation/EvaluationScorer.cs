namespace AlexNetMl.Pipeline.Evaluation;

/// <summary>How the test set is scored before ML.NET's evaluator reads the scores.</summary>
public enum EvaluationScorer
{
    /// <summary>The ML.NET chain apps run (<c>UpsampleImages</c> → <c>ApplyOnnxModel</c>), one row at a time.</summary>
    Chain,

    /// <summary>ONNX Runtime directly, in batches of <see cref="BatchedScorer.DefaultBatchSize"/> (ONNX files only).</summary>
    Batched,
}
