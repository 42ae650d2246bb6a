namespace AlexNetMl.Contract.Model;

/// <summary>What a model file holds, told from its first bytes rather than its name.</summary>
public enum ModelFileFormat
{
    /// <summary>Neither of the formats below.</summary>
    Unknown,

    /// <summary>An ONNX model: a protobuf ModelProto.</summary>
    Onnx,

    /// <summary>A zip archive: an ML.NET model.zip.</summary>
    Zip,
}
