using System.Diagnostics;
using System.Text.Json;
using AlexNetMl.Inference.Serving.Scoring;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AlexNetMl.Inference.Serving.OpenInference;

/// <summary>
/// The Open Inference Protocol (KServe v2) REST endpoints that Triton and KServe speak: health, server and model
/// metadata, model readiness and infer, each model path with and without <c>/versions/{version}</c>. Every error is
/// <c>{"error": "..."}</c> in JSON, and an infer body is read as JSON whatever its Content-Type says.
/// </summary>
public static partial class OpenInferenceEndpoints
{
    /// <summary>The path every endpoint here starts with.</summary>
    public const string Prefix = "/v2";

    /// <summary>Maps the protocol's endpoints.</summary>
    public static IEndpointRouteBuilder MapOpenInference(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet(Prefix, () => Results.Ok(new ServerMetadataResponse("alexnetml", typeof(OpenInferenceEndpoints).Assembly.GetName().Version?.ToString() ?? "0", [])));
        endpoints.MapGet($"{Prefix}/health/live", () => Results.Ok(new { live = true }));
        endpoints.MapGet($"{Prefix}/health/ready", (ModelReadiness readiness) => readiness.IsReady
            ? Results.Ok(new { ready = true })
            : Results.Json(new { ready = false, error = NotReady(readiness) }, statusCode: StatusCodes.Status503ServiceUnavailable));
        foreach (string model in new[] { $"{Prefix}/models/{{name}}", $"{Prefix}/models/{{name}}/versions/{{version}}" })
        {
            endpoints.MapGet(model, (string name, string? version, ModelReadiness readiness, IServiceProvider services) =>
                WithModel(name, version, readiness, services, inference => Results.Ok(inference.Metadata(name))));
            endpoints.MapGet($"{model}/ready", (string name, string? version, ModelReadiness readiness, IServiceProvider services) =>
                WithModel(name, version, readiness, services, _ => Results.Ok(new { name, ready = true })));
            endpoints.MapPost($"{model}/infer", InferAsync).RequireRateLimiting(ServingHost.ScoringPolicy);
        }

        return endpoints;
    }

    /// <summary>The protocol's error: <c>{"error": message}</c> with <paramref name="status"/>.</summary>
    public static IResult Error(int status, string message) => Results.Json(new { error = message }, statusCode: status);

    /// <summary>Whether <paramref name="request"/> is one of the protocol's, whose errors take its shape.</summary>
    public static bool IsProtocolPath(HttpRequest request) => request?.Path.StartsWithSegments(Prefix, StringComparison.Ordinal) ?? false;

    private static async Task<IResult> InferAsync(string name, string? version, HttpContext context, ModelReadiness readiness, IServiceProvider services, IOptions<ServingOptions> options, ILogger<ServingHostLog> logger)
    {
        var watch = Stopwatch.StartNew();
        long limit = options.Value.MaxRequestBodyBytes;
        if (context.Request.ContentLength > limit)
        {
            return Error(StatusCodes.Status413PayloadTooLarge, RequestBodies.TooLargeMessage(limit));
        }

        RequestBodies.Limit(context, limit);
        return await WithModelAsync(name, version, readiness, services, async inference =>
        {
            try
            {
                InferRequest request = await ReadRequestAsync(context.Request, limit);
                InferParameters.Check(request);
                InferResponse response = inference.Infer(name, request, options.Value.MaxInferBatch);
                LogInferred(logger, context.TraceIdentifier, response.Outputs[0].Shape[0], watch.Elapsed.TotalMilliseconds);
                return Results.Ok(response);
            }
            catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                return Error(StatusCodes.Status413PayloadTooLarge, RequestBodies.TooLargeMessage(limit));
            }
            catch (InferenceRequestException e)
            {
                return Error(StatusCodes.Status400BadRequest, e.Message);
            }
        });
    }

    // JSON whatever the Content-Type: Triton's HTTP client sends none, curl -d a form type.
    private static async Task<InferRequest> ReadRequestAsync(HttpRequest http, long limit)
    {
        await using MemoryStream body = await RequestBodies.ReadAsync(http, limit);
        if (body.Length > limit)
        {
            throw new BadHttpRequestException(RequestBodies.TooLargeMessage(limit), StatusCodes.Status413PayloadTooLarge);
        }

        try
        {
            return JsonSerializer.Deserialize<InferRequest>(body, JsonSerializerOptions.Web) ?? throw new InferenceRequestException("The body is empty (null).");
        }
        catch (JsonException e)
        {
            throw new InferenceRequestException(body.Length == 0 ? "The body is empty; send an infer request as JSON." : $"The body is not an infer request: {e.Message.Split('.')[0]}.");
        }
    }

    private static Task<IResult> WithModel(string name, string? version, ModelReadiness readiness, IServiceProvider services, Func<OnnxInference, IResult> action) =>
        WithModelAsync(name, version, readiness, services, inference => Task.FromResult(action(inference)));

    private static async Task<IResult> WithModelAsync(string name, string? version, ModelReadiness readiness, IServiceProvider services, Func<OnnxInference, Task<IResult>> action)
    {
        if (!readiness.IsReady)
        {
            return Error(StatusCodes.Status503ServiceUnavailable, NotReady(readiness));
        }

        OnnxInference inference = services.GetRequiredService<OnnxInference>();
        if (name != inference.Contract.ModelName)
        {
            return Error(StatusCodes.Status404NotFound, $"Unknown model '{name}'; this server serves '{inference.Contract.ModelName}'.");
        }

        return version is null || version == OnnxInference.Version
            ? await action(inference)
            : Error(StatusCodes.Status404NotFound, $"Unknown version '{version}' of model '{name}'; it has version {OnnxInference.Version}.");
    }

    private static string NotReady(ModelReadiness readiness) => readiness.Failure ?? "The model is still loading.";

    [LoggerMessage(Level = LogLevel.Information, Message = "{RequestId} inferred a batch of {Batch} in {LatencyMs} ms")]
    private static partial void LogInferred(ILogger logger, string requestId, long batch, double latencyMs);
}
