using System.Text.Json.Serialization;

namespace AlexNetMl.Contract.Model;

/// <summary>How an exported model stores its weights.</summary>
public enum ModelWeights
{
    /// <summary>Every weight in float32, as trained.</summary>
    Fp32,

    /// <summary>The dense layers' weights quantized to int8 with per-output-channel scales; everything else float32.</summary>
    [JsonStringEnumMemberName("int8")]
    QuantizedInt8,
}
