using AlexNetMl.Inference.Preprocessing;
using AlexNetMl.Pipeline.Data;
using AlexNetMl.Pipeline.DataView;
using AlexNetMl.Pipeline.Scoring;
using AlexNetMl.Pipeline.Transforms;
using Microsoft.Extensions.ObjectPool;
using Microsoft.ML;
using Microsoft.ML.Data;
using SixLabors.ImageSharp;

namespace AlexNetMl.Inference.Classification;

/// <summary>
/// Classifies clothing images with a trained model through ML.NET's <see cref="PredictionEngine{TSrc, TDst}"/>.
/// </summary>
/// <remarks>
/// <para>
/// A <see cref="PredictionEngine{TSrc, TDst}"/> is not thread-safe, and Microsoft.Extensions.ML's PredictionEnginePool
/// is not available here, so engines are pooled with Microsoft.Extensions.ObjectPool: each call rents one, predicts
/// and returns it. One instance is therefore safe to share across threads, e.g. as an ASP.NET Core singleton. All
/// engines share the one loaded chain and its ONNX Runtime session; at most
/// <see cref="FashionClassifierOptions.MaxConcurrentPredictions"/> calls score at once, the others wait.
/// </para>
/// <para>Dispose the classifier to free the engines and the ONNX session.</para>
/// </remarks>
public sealed class FashionClassifier : IDisposable
{
    private readonly ITransformer _transformer;
    private readonly ObjectPool<PredictionEngine<PixelsRow, ProbabilitiesRow>> _engines;
    private readonly ImagePreprocessor _preprocessor;
    private readonly SemaphoreSlim _slots;
    private bool _disposed;

    /// <summary>Loads the model once; see <see cref="FashionClassifierOptions"/>.</summary>
    /// <exception cref="OnnxModelException">The model file is missing or not a compatible model.</exception>
    public FashionClassifier(FashionClassifierOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var mlContext = new MLContext(seed: 0);
        if (options.ModelPath.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase))
        {
            var pipeline = FashionScoringPipeline.Create(mlContext, new OnnxScoringOptions { ModelPath = options.ModelPath, GpuDeviceId = options.GpuDeviceId });
            IDataView empty = mlContext.Data.LoadFromEnumerable(Array.Empty<PixelsRow>());
            _transformer = pipeline.Estimator.Fit(empty);
            ClassNames = pipeline.Model.ClassNames;
            Device = pipeline.Device.Description;
        }
        else
        {
            SavedPipeline saved = FashionScoringPipeline.LoadSaved(mlContext, options.ModelPath);
            (_transformer, ClassNames, Device) = (saved.Transformer, saved.ClassNames, saved.Device);
        }

        _slots = new SemaphoreSlim(options.MaxConcurrentPredictions, options.MaxConcurrentPredictions);
        var provider = new DefaultObjectPoolProvider { MaximumRetained = options.MaxConcurrentPredictions };
        _engines = provider.Create(new EnginePolicy(mlContext, _transformer));
        _preprocessor = new ImagePreprocessor(options.Images);
        ModelPath = Path.GetFullPath(options.ModelPath);
    }

    /// <summary>Class names, index i = class i.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>Where the ONNX model runs.</summary>
    public string Device { get; }

    /// <summary>The loaded model file.</summary>
    public string ModelPath { get; }

    /// <summary>Classifies 784 raw grey levels (28×28, row-major, light item on black), as the dataset stores them.</summary>
    public FashionPrediction Predict(ReadOnlySpan<byte> pixels)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (pixels.Length != FashionMnistClasses.PixelsPerImage)
        {
            throw new ArgumentException($"Expected {FashionMnistClasses.PixelsPerImage} pixels (28×28), got {pixels.Length}.", nameof(pixels));
        }

        var input = new PixelsRow { Pixels = pixels.ToArray() };
        float[] probabilities;
        _slots.Wait();
        try
        {
            PredictionEngine<PixelsRow, ProbabilitiesRow> engine = _engines.Get();
            try
            {
                probabilities = engine.Predict(input).Probabilities;
            }
            finally
            {
                _engines.Return(engine);
            }
        }
        finally
        {
            _slots.Release();
        }

        return ToPrediction(probabilities);
    }

    /// <summary>Classifies an image file (PNG, JPEG, GIF, ...), after the size checks of <see cref="ImagePreprocessor"/>.</summary>
    /// <exception cref="InvalidImageException">The file is empty, too large, not an image, or corrupt.</exception>
    public FashionPrediction Predict(string imagePath) => Predict(_preprocessor.FromFile(imagePath));

    /// <summary>Classifies an encoded image read from <paramref name="stream"/>.</summary>
    public FashionPrediction Predict(Stream stream) => Predict(_preprocessor.FromStream(stream));

    /// <summary>Classifies a decoded ImageSharp image (its first frame).</summary>
    public FashionPrediction Predict(Image image) => Predict(_preprocessor.FromImage(image));

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        (_engines as IDisposable)?.Dispose();
        _slots.Dispose();
        (_transformer as IDisposable)?.Dispose();
    }

    private FashionPrediction ToPrediction(float[] probabilities)
    {
        ClassProbability[] ranked = probabilities
            .Select((p, i) => new ClassProbability(i, ClassNames[i], p))
            .OrderByDescending(c => c.Probability)
            .ThenBy(c => c.Index)
            .ToArray();
        return new FashionPrediction(ranked[0].Index, ranked[0].Name, probabilities, ranked[..3]);
    }

    /// <summary>Output row of the engine: the model's softmax.</summary>
    public sealed class ProbabilitiesRow
    {
        [ColumnName(FashionMnistColumns.Probabilities)]
        [VectorType(FashionMnistClasses.Count)]
        public float[] Probabilities { get; set; } = [];
    }

    private sealed class EnginePolicy(MLContext mlContext, ITransformer transformer) : PooledObjectPolicy<PredictionEngine<PixelsRow, ProbabilitiesRow>>
    {
        public override PredictionEngine<PixelsRow, ProbabilitiesRow> Create() =>
            mlContext.Model.CreatePredictionEngine<PixelsRow, ProbabilitiesRow>(transformer);

        public override bool Return(PredictionEngine<PixelsRow, ProbabilitiesRow> obj) => true;
    }
}
