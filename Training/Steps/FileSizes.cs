namespace AlexNetMl.Training.Steps;

/// <summary>File sizes as the steps print them.</summary>
public static class FileSizes
{
    /// <summary>The size of <paramref name="path"/> in MiB, one decimal.</summary>
    public static string Describe(string path) => $"{new FileInfo(path).Length / 1048576.0:F1} MiB";
}
