using System.Security.Cryptography;
using System.Text;

namespace AlexNetMl.Tests.Infrastructure;

/// <summary>
/// The checkpoint layout (format 2) written independently of the code under test: magic, version, payload length,
/// payload, SHA-256 of the payload. Lets tests craft checkpoints whose checksum is right but whose content is not.
/// </summary>
internal static class CheckpointFiles
{
    private const string Magic = "AlexNetMl.Checkpoint";

    /// <summary>The payload of a format-2 checkpoint file.</summary>
    public static byte[] Payload(byte[] file)
    {
        int start = 1 + Magic.Length + 4 + 8;
        return file[start..^32];
    }

    /// <summary>A format-2 checkpoint holding <paramref name="payload"/>, with its length and checksum right.</summary>
    public static byte[] Seal(byte[] payload)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic);
            writer.Write(2);
            writer.Write((long)payload.Length);
            writer.Write(payload);
            writer.Write(SHA256.HashData(payload));
        }

        return stream.ToArray();
    }

    /// <summary>A payload whose state JSON is <paramref name="stateJson"/> and whose tensors are <paramref name="rest"/>.</summary>
    public static byte[] PayloadWithState(string stateJson, byte[] rest)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(stateJson);
            writer.Write(rest);
        }

        return stream.ToArray();
    }

    /// <summary>Splits a payload into its state JSON and the tensor bytes after it.</summary>
    public static (string State, byte[] Tensors) Split(byte[] payload)
    {
        using var reader = new BinaryReader(new MemoryStream(payload), Encoding.UTF8);
        string state = reader.ReadString();
        return (state, payload[(int)reader.BaseStream.Position..]);
    }
}

/// <summary>A stream that fails with an IOException once <see cref="FailAt"/> bytes have been written through it.</summary>
internal sealed class FailingStream(Stream inner, long failAt) : Stream
{
    private long _written;

    public long FailAt => failAt;

    public override bool CanRead => false;

    public override bool CanSeek => inner.CanSeek;

    public override bool CanWrite => true;

    public override long Length => inner.Length;

    public override long Position
    {
        get => inner.Position;
        set => inner.Position = value;
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (_written + buffer.Length > failAt)
        {
            throw new IOException($"injected write failure at byte {failAt}");
        }

        _written += buffer.Length;
        inner.Write(buffer);
    }

    public override void Flush() => inner.Flush();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);

    public override void SetLength(long value) => inner.SetLength(value);
}
