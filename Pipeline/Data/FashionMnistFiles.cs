namespace AlexNetMl.Pipeline.Data;

/// <summary>File names of the dataset and where to look for them.</summary>
public static class FashionMnistFiles
{
    /// <summary>Environment variable that points at a Fashion-MNIST directory.</summary>
    public const string DirectoryVariable = "FASHION_MNIST_DIR";

    /// <summary>Where Debian's dataset-fashion-mnist package installs the files.</summary>
    public const string SystemDirectory = "/usr/share/datasets/fashion-mnist";

    /// <summary>The repository folder that ships the four .gz files.</summary>
    public const string RepositoryFolder = "data/fashion-mnist";

    /// <summary>Base name (no .gz) of a split's images file.</summary>
    public static string ImagesName(FashionMnistSplit split) => split == FashionMnistSplit.Train ? "train-images-idx3-ubyte" : "t10k-images-idx3-ubyte";

    /// <summary>Base name (no .gz) of a split's labels file.</summary>
    public static string LabelsName(FashionMnistSplit split) => split == FashionMnistSplit.Train ? "train-labels-idx1-ubyte" : "t10k-labels-idx1-ubyte";

    /// <summary>
    /// Resolves the data directory: <paramref name="explicitDirectory"/> (the --data option), then $FASHION_MNIST_DIR,
    /// then the repository's data/fashion-mnist, then Debian's /usr/share/datasets/fashion-mnist.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">No candidate holds the files; the message lists what was tried.</exception>
    public static string ResolveDirectory(string? explicitDirectory = null)
    {
        if (!string.IsNullOrWhiteSpace(explicitDirectory))
        {
            return Directory.Exists(explicitDirectory)
                ? Path.GetFullPath(explicitDirectory)
                : throw new DirectoryNotFoundException($"Data directory '{explicitDirectory}' (from --data) does not exist.");
        }

        string? fromEnvironment = Environment.GetEnvironmentVariable(DirectoryVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return Directory.Exists(fromEnvironment)
                ? Path.GetFullPath(fromEnvironment)
                : throw new DirectoryNotFoundException($"Data directory '{fromEnvironment}' (from ${DirectoryVariable}) does not exist.");
        }

        var tried = new List<string>();
        foreach (string start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (DirectoryInfo? dir = new(start); dir is not null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, RepositoryFolder);
                if (HasSplit(candidate, FashionMnistSplit.Test))
                {
                    return candidate;
                }
            }

            tried.Add($"{RepositoryFolder} above {start}");
        }

        if (HasSplit(SystemDirectory, FashionMnistSplit.Test))
        {
            return SystemDirectory;
        }

        tried.Add(SystemDirectory);
        throw new DirectoryNotFoundException(
            $"Fashion-MNIST not found (tried {string.Join(", ", tried)}). Pass --data DIR or set ${DirectoryVariable}.");
    }

    /// <summary>The path of <paramref name="baseName"/> in <paramref name="directory"/>, compressed (.gz) or not.</summary>
    public static string Find(string directory, string baseName)
    {
        string gz = Path.Combine(directory, baseName + ".gz");
        if (File.Exists(gz))
        {
            return gz;
        }

        string raw = Path.Combine(directory, baseName);
        return File.Exists(raw)
            ? raw
            : throw new IdxFormatException(gz, $"neither {baseName}.gz nor {baseName} exists in {directory}");
    }

    private static bool HasSplit(string directory, FashionMnistSplit split) =>
        File.Exists(Path.Combine(directory, ImagesName(split) + ".gz")) || File.Exists(Path.Combine(directory, ImagesName(split)));
}
