using AlexNetMl.Inference.Classification;
using AlexNetMl.Inference.Serving.Scoring;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AlexNetMl.Inference.Serving;

/// <summary>
/// Loads the model when the host starts, on a background task so that the liveness endpoint answers at once, and says
/// when it is ready: the readiness endpoint answers 200 only after the classifier, the ONNX session and the batching queue are up.
/// </summary>
public sealed partial class ModelReadiness(IServiceProvider services, ILogger<ModelReadiness> logger) : IHostedService
{
    private readonly TaskCompletionSource _loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Whether the model is loaded and requests can be scored.</summary>
    public bool IsReady => _loaded.Task.IsCompletedSuccessfully;

    /// <summary>Why loading failed, or null.</summary>
    public string? Failure => _loaded.Task.Exception?.InnerException?.Message;

    /// <summary>Completes when the model is loaded (or faults if it cannot be).</summary>
    public Task Loaded => _loaded.Task;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = Task.Run(() =>
        {
            try
            {
                FashionClassifier classifier = services.GetRequiredService<FashionClassifier>();
                services.GetRequiredService<DynamicBatcher>();
                LogReady(logger, classifier.ModelPath, classifier.Device);
                _loaded.TrySetResult();
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                LogFailed(logger, e.Message);
                _loaded.TrySetException(e);
            }
        }, cancellationToken);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Model {ModelPath} loaded; scoring on {Device}")]
    private static partial void LogReady(ILogger logger, string modelPath, string device);

    [LoggerMessage(Level = LogLevel.Error, Message = "The model could not be loaded: {Reason}")]
    private static partial void LogFailed(ILogger logger, string reason);
}
