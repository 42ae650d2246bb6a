using System.Text.Json.Serialization;

namespace AlexNetMl.Contract.Model;

/// <summary>How an exported model stores its weights.</summary>
public enum ModelWeights
{
    /// <summary>Every weight in float32, as trained.</summary>
    Fp32,

    /// <summary>
    /// int8 weights with per-output-channel scales: each convolution followed by a ReLU runs as QLinearConv on uint8
    /// activations (scales calibrated at export), each dense layer as MatMulInteger on activations quantized per call.
    /// A file whose convolutions stayed float (the export's fallback, or one written before convolutions were quantized)
    /// says the same; both load alike.
    /// </summary>
    [JsonStringEnumMemberName("int8")]
    QuantizedInt8,
}
