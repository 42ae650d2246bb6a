namespace AlexNetMl.Pipeline.Scoring;

/// <summary>How a loaded chain will be read, which decides how many threads ONNX Runtime gives each row.</summary>
/// <remarks>
/// ML.NET reads an <see cref="Microsoft.ML.IDataView"/> through a consolidating cursor that scores rows in parallel,
/// one per core, so a second ONNX Runtime thread per row only competes with the other rows: on the 2-core development
/// machine, two threads per row made the chain clearly slower than raw ONNX Runtime, and one thread brought it level.
/// A PredictionEngine scores one row on the caller's thread, where every core should work on that row: with one
/// thread its latency nearly doubled. docs/benchmarks.md measures both paths as shipped.
/// </remarks>
public enum ChainReader
{
    /// <summary>Through IDataView cursors (evaluation, bulk scoring): one ONNX Runtime thread per row.</summary>
    Cursor,

    /// <summary>Through a PredictionEngine, one row at a time (apps, the web service): every processor on each row.</summary>
    PredictionEngine,
}
