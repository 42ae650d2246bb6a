namespace AlexNetMl.Training.Models;

/// <summary>Totals of a layer table, split into convolutions and dense layers.</summary>
/// <param name="Parameters">All parameters.</param>
/// <param name="ParameterBytes">Their memory at fp32.</param>
/// <param name="DenseBytes">The dense layers' parameter memory.</param>
/// <param name="ConvolutionBytes">The convolutions' parameter memory.</param>
/// <param name="MultiplyAdds">All multiply-adds per image.</param>
/// <param name="ConvolutionMultiplyAdds">The convolutions' multiply-adds per image.</param>
/// <param name="DenseMultiplyAdds">The dense layers' multiply-adds per image.</param>
public sealed record LayerTotals(long Parameters, long ParameterBytes, long DenseBytes, long ConvolutionBytes, long MultiplyAdds, long ConvolutionMultiplyAdds, long DenseMultiplyAdds)
{
    /// <summary>The dense layers' share of the parameters.</summary>
    public double DenseParameterShare => (double)DenseBytes / ParameterBytes;

    /// <summary>The convolutions' share of the multiply-adds.</summary>
    public double ConvolutionMacShare => (double)ConvolutionMultiplyAdds / MultiplyAdds;
}
