using System.IO.Compression;
using System.Text.Json;

namespace AlexNetMl.Pipeline.Scoring;

/// <summary>
/// The ONNX model's metadata, carried inside model.zip as one extra entry that ML.NET's loader ignores, so a loaded
/// pipeline knows its class names and input size without the ONNX file beside it.
/// </summary>
public static class ModelZipMetadata
{
    /// <summary>The zip entry's name.</summary>
    public const string EntryName = "AlexNetMl/metadata.json";

    /// <summary>Adds (or replaces) the metadata entry in the zip at <paramref name="zipPath"/>.</summary>
    public static void Write(string zipPath, IReadOnlyDictionary<string, string> metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        using ZipArchive archive = ZipFile.Open(zipPath, ZipArchiveMode.Update);
        archive.GetEntry(EntryName)?.Delete();
        ZipArchiveEntry entry = archive.CreateEntry(EntryName, CompressionLevel.Optimal);
        // A fixed timestamp keeps model.zip's bytes a function of its content.
        entry.LastWriteTime = new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);
        using Stream stream = entry.Open();
        JsonSerializer.Serialize(stream, new SortedDictionary<string, string>(metadata.ToDictionary(), StringComparer.Ordinal));
    }

    /// <summary>Reads the metadata entry; an empty dictionary when the zip has none.</summary>
    public static IReadOnlyDictionary<string, string> Read(string zipPath)
    {
        using ZipArchive archive = ZipFile.OpenRead(zipPath);
        ZipArchiveEntry? entry = archive.GetEntry(EntryName);
        if (entry is null)
        {
            return new Dictionary<string, string>();
        }

        using Stream stream = entry.Open();
        Dictionary<string, string?> entries = JsonSerializer.Deserialize<Dictionary<string, string?>>(stream) ?? [];
        return entries.Where(entry => entry.Value is not null).ToDictionary(entry => entry.Key, entry => entry.Value!, StringComparer.Ordinal);
    }
}
