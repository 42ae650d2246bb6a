namespace AlexNetMl.Export.Quantization;

/// <summary>How the int8 model compares with the fp32 module it was made from, on labelled images.</summary>
/// <param name="Images">Images compared.</param>
/// <param name="Agreement">Fraction of images on which both predict the same class.</param>
/// <param name="Fp32Accuracy">Accuracy of the fp32 module (TorchSharp) on them.</param>
/// <param name="Int8Accuracy">Accuracy of the int8 model (ONNX Runtime) on them.</param>
/// <param name="MinimumAgreement">The agreement an export needs.</param>
/// <param name="Layers">Which layers this int8 model runs in integer.</param>
/// <param name="Rejected">The fuller int8 model tried first and refused, when there was one.</param>
public sealed record QuantizationReport(int Images, double Agreement, double Fp32Accuracy, double Int8Accuracy, double MinimumAgreement, Int8Layers Layers = Int8Layers.ConvolutionsAndDense, QuantizationReport? Rejected = null)
{
    /// <summary>Whether the int8 model agrees often enough to be written.</summary>
    public bool Passed => Agreement >= MinimumAgreement;

    /// <summary>Accuracy change in percentage points, int8 minus fp32.</summary>
    public double AccuracyDifferencePoints => (Int8Accuracy - Fp32Accuracy) * 100;

    /// <summary>What is integer, in words.</summary>
    public string LayersDescription => Layers == Int8Layers.Dense ? "int8 dense layers, float convolutions" : "int8 convolutions and dense layers";

    /// <summary>One line for printing.</summary>
    public string Line =>
        $"{LayersDescription}; int8 vs fp32 on {Images:N0} test images: same class for {Agreement:P2} (needs {MinimumAgreement:P1}); accuracy {Int8Accuracy:P2} vs {Fp32Accuracy:P2} ({AccuracyDifferencePoints:+0.00;-0.00;0.00} points)" +
        (Rejected is null ? string.Empty : $"; refused before it: {Rejected.LayersDescription}, same class for only {Rejected.Agreement:P2}");
}
