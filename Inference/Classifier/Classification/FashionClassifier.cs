using AlexNetMl.Contract.Model;
using AlexNetMl.Contract.Runs;
using AlexNetMl.Inference.Preprocessing;
using AlexNetMl.Pipeline.Data;
using AlexNetMl.Pipeline.DataView;
using AlexNetMl.Pipeline.Scoring;
using AlexNetMl.Pipeline.Transforms;
using Microsoft.Extensions.ObjectPool;
using Microsoft.ML.Data;
using Microsoft.ML;
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
/// <see cref="FashionClassifierOptions.MaxConcurrentPredictions"/> calls decode and score at once, the others wait.
/// </para>
/// <para>Dispose waits (boundedly) for predictions in flight, then frees the engines and the ONNX session.</para>
/// </remarks>
public sealed class FashionClassifier : IDisposable
{
    private readonly LoadedModel _model;
    private readonly ObjectPool<PredictionEngine<PixelsRow, ProbabilitiesRow>> _engines;
    private readonly ImagePreprocessor _preprocessor;
    private readonly SemaphoreSlim _slots;
    private readonly TimeSpan _disposeTimeout;
    private readonly CountdownEvent _inFlight = new(1);
    private int _disposed;

    /// <summary>Loads the model once; see <see cref="FashionClassifierOptions"/>.</summary>
    /// <exception cref="OnnxModelException">The model file is missing or not a compatible model.</exception>
    /// <exception cref="ModelContractException">The model's metadata is malformed.</exception>
    public FashionClassifier(FashionClassifierOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var mlContext = new MLContext(seed: 0);
        _model = ModelLoader.Load(mlContext, RunManifestFile.ModelIn(options.ModelPath, options.Weights), options.Device, options.GpuId, ChainReader.PredictionEngine);
        _slots = new SemaphoreSlim(options.MaxConcurrentPredictions, options.MaxConcurrentPredictions);
        _disposeTimeout = options.DisposeTimeout;
        var provider = new DefaultObjectPoolProvider { MaximumRetained = options.MaxConcurrentPredictions };
        _engines = provider.Create(new EnginePolicy(mlContext, _model.Transformer, _model.Contract));
        _preprocessor = new ImagePreprocessor(options.Images);
    }

    /// <summary>Class names, index i = class i, from the model's contract (control characters removed).</summary>
    public IReadOnlyList<string> ClassNames => _model.Contract.ClassNames;

    /// <summary>What the model promises: tensor names, input size, class names, its serving name.</summary>
    public ModelContract Contract => _model.Contract;

    /// <summary>For a model made elsewhere, one line saying what was inferred of its contract from its graph; null for a model of this project.</summary>
    public string? InferredContract => _model.InferredContract;

    /// <summary>Where the ONNX model runs.</summary>
    public string Device => _model.Device.Description;

    /// <summary>The loaded model file.</summary>
    public string ModelPath => _model.Path;

    /// <summary>Classifies 784 raw grey levels (28×28, row-major, light item on black), as the dataset stores them.</summary>
    public FashionPrediction Predict(ReadOnlySpan<byte> pixels)
    {
        if (pixels.Length != FashionMnistImage.Pixels)
        {
            throw new ArgumentException($"Expected {FashionMnistImage.Pixels} pixels (28×28), got {pixels.Length}.", nameof(pixels));
        }

        byte[] copy = pixels.ToArray();
        return Bounded(() => copy);
    }

    /// <summary>Classifies an image file (PNG, JPEG, GIF, ...), after the size checks of <see cref="ImagePreprocessor"/>.</summary>
    /// <exception cref="InvalidImageException">The file is empty, too large, not an image, or corrupt.</exception>
    public FashionPrediction Predict(string imagePath) => Bounded(() => _preprocessor.FromFile(imagePath));

    /// <summary>Classifies an encoded image read from <paramref name="stream"/>.</summary>
    public FashionPrediction Predict(Stream stream) => Bounded(() => _preprocessor.FromStream(stream));

    /// <summary>Classifies a decoded ImageSharp image (its first frame), within the same size limits as files.</summary>
    public FashionPrediction Predict(Image image) => Bounded(() => _preprocessor.FromImage(image));

    /// <summary>Waits up to the dispose timeout for predictions in flight, then frees the engines and the ONNX session.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _inFlight.Signal();
        if (!_inFlight.Wait(_disposeTimeout))
        {
            // Freeing the session under a running prediction would crash natively; leave it to the finalizers instead.
            return;
        }

        (_engines as IDisposable)?.Dispose();
        _model.Dispose();
        _slots.Dispose();
        _inFlight.Dispose();
    }

    // Decoding and scoring both happen inside a slot: concurrent large decodes are bounded like scoring is.
    private FashionPrediction Bounded(Func<byte[]> prepare)
    {
        Enter();
        try
        {
            _slots.Wait();
            try
            {
                byte[] pixels = prepare();
                PredictionEngine<PixelsRow, ProbabilitiesRow> engine = _engines.Get();
                try
                {
                    return FashionPrediction.Of(engine.Predict(new PixelsRow { Pixels = pixels }).Probabilities, ClassNames);
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
        }
        finally
        {
            _inFlight.Signal();
        }
    }

    private void Enter()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) == 1, this);
        ObjectDisposedException.ThrowIf(!_inFlight.TryAddCount(), this);
    }

    /// <summary>Output row of the engine: the model's softmax (copied from the contract's output name when it differs).</summary>
    public sealed class ProbabilitiesRow
    {
        /// <summary>One probability per class, in the model's class order; its length is the contract's class count.</summary>
        [ColumnName(FashionMnistColumns.Probabilities)]
        public float[] Probabilities { get; set; } = [];
    }

    private sealed class EnginePolicy(MLContext mlContext, ITransformer transformer, ModelContract contract) : PooledObjectPolicy<PredictionEngine<PixelsRow, ProbabilitiesRow>>
    {
        private readonly ITransformer _scorer = contract.ProbabilitiesName == FashionMnistColumns.Probabilities
            ? transformer
            : transformer.Append(mlContext.Transforms.CopyColumns(FashionMnistColumns.Probabilities, contract.ProbabilitiesName).Fit(transformer.Transform(FashionMnistDataView.Empty)));

        // The vector's length comes from the model's contract, so a model of any class count it allows is read.
        private readonly SchemaDefinition _output = ProbabilitiesSchema(contract.ClassCount);

        public override PredictionEngine<PixelsRow, ProbabilitiesRow> Create() =>
            mlContext.Model.CreatePredictionEngine<PixelsRow, ProbabilitiesRow>(_scorer, outputSchemaDefinition: _output);

        private static SchemaDefinition ProbabilitiesSchema(int classes)
        {
            SchemaDefinition schema = SchemaDefinition.Create(typeof(ProbabilitiesRow));
            schema[FashionMnistColumns.Probabilities].ColumnType = new VectorDataViewType(NumberDataViewType.Single, classes);
            return schema;
        }

        public override bool Return(PredictionEngine<PixelsRow, ProbabilitiesRow> obj) => true;
    }
}
