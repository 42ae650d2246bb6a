using System.Diagnostics;
using System.Globalization;
using AlexNetMl.Inference.Classification;
using AlexNetMl.Inference.Serving.Metrics;
using AlexNetMl.Inference.Serving.Scoring;
using AlexNetMl.Pipeline.Transforms;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AlexNetMl.Inference.Serving.Protocol;

/// <summary>
/// The served model as every protocol sees it: REST (JSON and binary), gRPC and <c>/classify</c> all come here, so a
/// request is checked, batched, scored, counted and refused the same way, with the same words, whichever way it came.
/// </summary>
public sealed class ModelEndpoint(IServiceProvider services, ModelReadiness readiness, IOptions<ServingOptions> options)
{
    // Resolved once the model has loaded (they load it), then kept: every request reads them.
    private OnnxInference? _model;
    private InferenceMetrics? _metrics;
    private DynamicBatcher? _batcher;

    /// <summary>The model's name, once loaded.</summary>
    public string Name => Model.Contract.ModelName;

    /// <summary>The loaded model (only after <see cref="CheckModel"/>).</summary>
    public OnnxInference Model => _model ??= services.GetRequiredService<OnnxInference>();

    /// <summary>Whether the model is loaded.</summary>
    public bool IsReady => readiness.IsReady;

    /// <summary>Why the model is not ready.</summary>
    public string NotReadyReason => readiness.Failure ?? "The model is still loading.";

    /// <summary>Seconds a client told to retry should wait.</summary>
    public int RetryAfterSeconds => options.Value.RetryAfterSeconds;

    /// <summary>The model's counters, once loaded.</summary>
    public InferenceMetrics Metrics => _metrics ??= services.GetRequiredService<InferenceMetrics>();

    /// <summary>The extensions of the protocol this server implements, as server metadata lists them.</summary>
    public static IReadOnlyList<string> Extensions { get; } = ["binary_tensor_data", "classification", "statistics"];

    /// <summary>The server's metadata.</summary>
    public static ServerMetadataResponse ServerMetadata { get; } =
        new("alexnetml", typeof(ModelEndpoint).Assembly.GetName().Version?.ToString() ?? "0", Extensions);

    /// <summary>The model's metadata (after <see cref="CheckModel"/>).</summary>
    public ModelMetadataResponse Metadata() => new(
        Name,
        [OnnxInference.Version],
        OnnxInference.Platform,
        [new TensorMetadata(Model.Contract.InputName, OnnxInference.Fp32, [-1, .. Model.InputShape])],
        [new TensorMetadata(Model.Contract.LogitsName, OnnxInference.Fp32, [-1, Model.ClassCount]), new TensorMetadata(Model.Contract.ProbabilitiesName, OnnxInference.Fp32, [-1, Model.ClassCount])]);

    /// <summary>Checks that the model is ready and is <paramref name="name"/>, version <paramref name="version"/> (null: any).</summary>
    /// <exception cref="InferenceException">Not ready (Unavailable), or another model or version (NotFound).</exception>
    public void CheckModel(string name, string? version)
    {
        if (!readiness.IsReady)
        {
            throw new InferenceException(InferenceErrorKind.Unavailable, NotReadyReason);
        }

        if (name != Name)
        {
            throw new InferenceException(InferenceErrorKind.NotFound, $"Unknown model '{name}'; this server serves '{Name}'.");
        }

        if (version is not (null or "") && version != OnnxInference.Version)
        {
            throw new InferenceException(InferenceErrorKind.NotFound, $"Unknown version '{version}' of model '{name}'; it has version {OnnxInference.Version}.");
        }
    }

    /// <summary>Answers <paramref name="call"/>, counting it as a success or a failure.</summary>
    /// <exception cref="InferenceException">The request does not fit, the model is unavailable, or the queue is full or too slow.</exception>
    /// <exception cref="OperationCanceledException">The client went away.</exception>
    public async Task<InferenceOutcome> InferAsync(InferenceCall call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        CheckModel(call.ModelName, call.Version);
        return await Counted(async () =>
        {
            bool binaryByDefault = InferParameters.Check(call);
            (InputTensor input, int batch) = SingleInput(call);
            var outputs = Outputs(call, binaryByDefault);
            float[] images = input.Data.ToFloats(input.Name, batch * Model.ImageSize);
            ScoredImages scored = await Batcher.ScoreAsync(images, batch, cancellationToken).ConfigureAwait(false);
            return new InferenceOutcome(Name, OnnxInference.Version, call.Id, [.. outputs.Select(o => Output(o.Name, o.Classification, o.Binary, scored))]);
        }).ConfigureAwait(false);
    }

    /// <summary>Classifies one image's 784 grey levels through the same queue and model as infer requests.</summary>
    public async Task<FashionPrediction> ClassifyAsync(byte[] pixels, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        if (!readiness.IsReady)
        {
            throw new InferenceException(InferenceErrorKind.Unavailable, NotReadyReason);
        }

        return await Counted(async () =>
        {
            float[] image = new float[Model.ImageSize];
            ImageUpsampler.ToModelInput(pixels, image, Model.Contract);
            ScoredImages scored = await Batcher.ScoreAsync(image, 1, cancellationToken).ConfigureAwait(false);
            return FashionPrediction.Of(scored.Probabilities, Model.Contract.ClassNames);
        }).ConfigureAwait(false);
    }

    private DynamicBatcher Batcher => _batcher ??= services.GetRequiredService<DynamicBatcher>();

    private async Task<T> Counted<T>(Func<Task<T>> answer)
    {
        long started = Stopwatch.GetTimestamp();
        try
        {
            T result = await answer().ConfigureAwait(false);
            Metrics.Succeeded(Stopwatch.GetElapsedTime(started));
            return result;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Metrics.Failed(FailureReason(e), Stopwatch.GetElapsedTime(started));
            throw;
        }
    }

    // Triton's failure reasons.
    private static string FailureReason(Exception e) => e switch
    {
        InferenceException { Kind: InferenceErrorKind.ResourceExhausted or InferenceErrorKind.DeadlineExceeded } => "REJECTED",
        InferenceException { Kind: InferenceErrorKind.Internal } => "BACKEND",
        InferenceException => "OTHER",
        OperationCanceledException => "CANCELED",
        _ => "BACKEND",
    };

    private (InputTensor Input, int Batch) SingleInput(InferenceCall call)
    {
        string name = Model.Contract.InputName;
        if (call.Inputs is not [InputTensor input])
        {
            throw new InferenceException($"The request must have exactly one input, '{name}' (got {call.Inputs.Count}).");
        }

        if (input.Name != name)
        {
            throw new InferenceException($"Unknown input '{input.Name}'; the model's input is '{name}'.");
        }

        if (!string.Equals(input.Datatype, OnnxInference.Fp32, StringComparison.Ordinal))
        {
            throw new InferenceException($"Input '{input.Name}' has datatype {input.Datatype}; the model takes {OnnxInference.Fp32}.");
        }

        int maxBatch = options.Value.MaxInferBatch;
        IReadOnlyList<long> image = Model.InputShape;
        if (input.Shape is not { Count: 4 } shape || !shape.Skip(1).SequenceEqual(image) || shape[0] < 1 || shape[0] > maxBatch)
        {
            throw new InferenceException(
                $"Input '{input.Name}' has shape [{string.Join(",", input.Shape ?? [])}]; the model takes [N,{string.Join(",", image)}] with N from 1 to {maxBatch}.");
        }

        return (input, (int)input.Shape[0]);
    }

    private List<(string Name, int Classification, bool Binary)> Outputs(InferenceCall call, bool binaryByDefault)
    {
        string[] all = [Model.Contract.LogitsName, Model.Contract.ProbabilitiesName];
        IEnumerable<RequestedOutput> wanted = call.Outputs.Count > 0 ? call.Outputs : all.Select(name => new RequestedOutput(name, new Dictionary<string, ParameterValue>()));
        var outputs = new List<(string, int, bool)>();
        foreach (RequestedOutput output in wanted)
        {
            if (!all.Contains(output.Name))
            {
                throw new InferenceException($"Unknown output '{output.Name}'; the model's outputs are {string.Join(" and ", all)}.");
            }

            (int classification, bool binary) = InferParameters.Of(output, binaryByDefault, Model.ClassCount);
            outputs.Add((output.Name, classification, binary));
        }

        return outputs;
    }

    private OutputTensor Output(string name, int classification, bool binary, ScoredImages scored)
    {
        float[] values = name == Model.Contract.LogitsName ? scored.Logits : scored.Probabilities;
        return classification == 0
            ? new OutputTensor(name, OnnxInference.Fp32, [scored.Count, scored.Classes], values, null, binary)
            : new OutputTensor(name, OnnxInference.Bytes, [scored.Count, classification], null, TopClasses(values, scored, classification), binary);
    }

    // The classification extension: per image, the k highest values as "value:index:label", highest first.
    private string[] TopClasses(float[] values, ScoredImages scored, int k)
    {
        IReadOnlyList<string> labels = Model.Contract.ClassNames;
        var strings = new List<string>(scored.Count * k);
        for (int image = 0; image < scored.Count; image++)
        {
            ArraySegment<float> row = new(values, image * scored.Classes, scored.Classes);
            strings.AddRange(Enumerable.Range(0, scored.Classes)
                .OrderByDescending(i => row[i]).ThenBy(i => i).Take(k)
                .Select(i => string.Create(CultureInfo.InvariantCulture, $"{row[i]:F6}:{i}:{labels[i]}")));
        }

        return [.. strings];
    }
}
