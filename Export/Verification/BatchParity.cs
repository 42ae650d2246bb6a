namespace AlexNetMl.Export.Verification;

/// <summary>TorchSharp vs ONNX Runtime on one batch.</summary>
/// <param name="BatchSize">Images in the batch.</param>
/// <param name="MaxAbsoluteDifference">Largest |logit_torch − logit_ort|.</param>
/// <param name="LogitScale">Largest |logit_torch|, floored at 1: what the difference is measured against.</param>
/// <param name="ArgmaxMismatches">Images whose predicted class differs.</param>
public sealed record BatchParity(int BatchSize, double MaxAbsoluteDifference, double LogitScale, int ArgmaxMismatches)
{
    /// <summary>The difference relative to the logit scale.</summary>
    public double RelativeDifference => MaxAbsoluteDifference / LogitScale;
}
