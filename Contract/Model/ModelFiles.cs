namespace AlexNetMl.Contract.Model;

/// <summary>Recognises model files by content.</summary>
public static class ModelFiles
{
    /// <summary>
    /// The format of the file at <paramref name="path"/>. A zip starts with the local-header magic "PK\x03\x04". An ONNX
    /// ModelProto as every exporter writes it starts with field 1 (ir_version, a varint: byte 0x08) followed by a small
    /// version number; protobuf allows any field order, but no exporter in use writes another field first.
    /// </summary>
    /// <exception cref="FileNotFoundException">No file at <paramref name="path"/>.</exception>
    public static ModelFileFormat Detect(string path)
    {
        Span<byte> head = stackalloc byte[4];
        int read;
        using (FileStream stream = File.OpenRead(path))
        {
            read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        }

        return Detect(head[..read]);
    }

    /// <summary>The format of a file whose first bytes are <paramref name="head"/>.</summary>
    public static ModelFileFormat Detect(ReadOnlySpan<byte> head)
    {
        if (head.Length >= 4 && head[0] == (byte)'P' && head[1] == (byte)'K' && head[2] == 3 && head[3] == 4)
        {
            return ModelFileFormat.Zip;
        }

        // ir_version is 1 to 10 or so today; a varint below 128 is one byte.
        return head.Length >= 2 && head[0] == 0x08 && head[1] is > 0 and < 0x80 ? ModelFileFormat.Onnx : ModelFileFormat.Unknown;
    }
}
