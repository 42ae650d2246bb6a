using AlexNetMl.Pipeline.Data;
using static TorchSharp.torch;

namespace AlexNetMl.Bench;

/// <summary>What every benchmark subject shares: settings, data, a scratch folder, and where figures and notes go.</summary>
public sealed class BenchContext
{
    private readonly List<Figure> _figures = [];
    private readonly List<string> _notes = [];

    public BenchContext(BenchSettings settings, string dataDirectory, string workDirectory, Action<string> log, IReadOnlyList<string>? runDirectories = null, bool drift = false)
    {
        Settings = settings;
        DataDirectory = dataDirectory;
        Train = FashionMnistDataset.Load(dataDirectory, FashionMnistSplit.Train);
        Test = FashionMnistDataset.Load(dataDirectory, FashionMnistSplit.Test);
        WorkDirectory = workDirectory;
        Log = log;
        RunDirectories = runDirectories ?? [];
        Drift = drift;
        Device = cuda.is_available() ? CUDA : CPU;
    }

    public BenchSettings Settings { get; }

    public string DataDirectory { get; }

    public FashionMnistDataset Train { get; }

    public FashionMnistDataset Test { get; }

    public string WorkDirectory { get; }

    public Action<string> Log { get; }

    public IReadOnlyList<string> RunDirectories { get; }

    /// <summary>Whether to run the main job under drift (<c>--drift</c>): 20 minutes of an otherwise idle machine.</summary>
    public bool Drift { get; }

    public Device Device { get; }

    /// <summary>Figures measured earlier in this run that later subjects divide by (GEMM peaks, bandwidth), by key.</summary>
    public Dictionary<string, double> Shared { get; } = new(StringComparer.Ordinal);

    public IReadOnlyList<Figure> Figures => _figures;

    public IReadOnlyList<string> Notes => _notes;

    public void Add(string section, string name, double value, string unit, string? target = null, bool? met = null) =>
        _figures.Add(new Figure(section, name, value, unit, target, met));

    public void Note(string note) => _notes.Add(note);

    /// <summary>A path in the scratch folder.</summary>
    public string Scratch(string name) => Path.Combine(WorkDirectory, name);
}
