using System.Text.Json;
using AlexNetMl.Contract.IO;
using AlexNetMl.Contract.Runs;

namespace AlexNetMl.Bench.Recipes;

/// <summary>
/// The trainings a recipe study has finished, kept in a file beside its table and rewritten (atomically) after each
/// one. A study takes hours on a CPU capped at AVX2, longer than one sitting; run again with the same arguments, it
/// takes each finished training from here instead of repeating it, so an interrupted study resumes where it stopped
/// and the search replays the same decisions.
/// </summary>
public sealed class RecipeJournal
{
    /// <summary>The journal format this build reads and writes.</summary>
    public const int Version = 1;

    private readonly string _path;
    private readonly Dictionary<string, RecipeTraining> _trainings;

    private RecipeJournal(string path, IEnumerable<RecipeTraining> trainings)
    {
        _path = path;
        _trainings = trainings.ToDictionary(t => t.Key, StringComparer.Ordinal);
    }

    /// <summary>The journal of the study whose table goes to <paramref name="markdownPath"/>: the same name, ending <c>.journal.json</c>.</summary>
    public static string PathFor(string markdownPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(markdownPath);
        return Path.ChangeExtension(markdownPath, ".journal.json");
    }

    /// <summary>
    /// What makes two trainings the same: every setting (seed included, as the config's hash), the test images judged,
    /// and the ISA oneDNN ran (a capped CPU trains in another precision and is another study).
    /// </summary>
    public static string KeyOf(TrainingConfig config, int testImages, string isa)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentException.ThrowIfNullOrWhiteSpace(isa);
        return $"{config.Hash()} seed {config.Seed} judged {testImages} isa {isa}";
    }

    /// <summary>Opens the journal at <paramref name="path"/>, or starts an empty one where there is none.</summary>
    /// <exception cref="RecipeJournalException">The file is damaged or of another version.</exception>
    public static RecipeJournal Open(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
        {
            return new RecipeJournal(path, []);
        }

        JournalFile? file;
        try
        {
            file = JsonSerializer.Deserialize<JournalFile>(File.ReadAllText(path), TrainingConfig.JsonOptions);
        }
        catch (JsonException e)
        {
            throw new RecipeJournalException($"The recipe journal {path} is damaged ({e.Message}); delete it to start the study afresh.", e);
        }

        if (file is null || file.Trainings is null)
        {
            throw new RecipeJournalException($"The recipe journal {path} is damaged (it lists no trainings); delete it to start the study afresh.");
        }

        if (file.Version != Version)
        {
            throw new RecipeJournalException($"The recipe journal {path} is version {file.Version}, and this build reads version {Version}; delete it to start the study afresh.");
        }

        return new RecipeJournal(path, file.Trainings);
    }

    /// <summary>Trainings recorded so far.</summary>
    public int Count => _trainings.Count;

    /// <summary>The finished training with <paramref name="key"/>, or null when it has yet to run.</summary>
    public RecipeTraining? Find(string key) => _trainings.GetValueOrDefault(key);

    /// <summary>Records <paramref name="training"/> and rewrites the file, so it survives the process.</summary>
    public void Add(RecipeTraining training)
    {
        ArgumentNullException.ThrowIfNull(training);
        _trainings[training.Key] = training;
        string? folder = Path.GetDirectoryName(Path.GetFullPath(_path));
        if (folder is not null)
        {
            Directory.CreateDirectory(folder);
        }

        var file = new JournalFile(Version, [.. _trainings.Values.OrderBy(t => t.Finished)]);
        AtomicFile.WriteAllText(_path, JsonSerializer.Serialize(file, TrainingConfig.JsonOptions));
    }

    private sealed record JournalFile(int Version, IReadOnlyList<RecipeTraining>? Trainings);
}
