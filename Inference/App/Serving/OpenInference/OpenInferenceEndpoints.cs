using System.Globalization;
using AlexNetMl.Inference.Serving.Metrics;
using AlexNetMl.Inference.Serving.Protocol;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AlexNetMl.Inference.Serving.OpenInference;

/// <summary>
/// The Open Inference Protocol (KServe v2) REST endpoints that Triton and KServe speak: health, server and model
/// metadata, model readiness, infer (JSON or binary tensor data) and statistics, each model path with and without
/// <c>/versions/{version}</c>. Every error is <c>{"error": "..."}</c> in JSON, and an infer body is read whatever its
/// Content-Type says.
/// </summary>
public static partial class OpenInferenceEndpoints
{
    /// <summary>The path every endpoint here starts with.</summary>
    public const string Prefix = "/v2";

    /// <summary>Maps the protocol's endpoints.</summary>
    public static IEndpointRouteBuilder MapOpenInference(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet(Prefix, () => Results.Ok(ModelEndpoint.ServerMetadata));
        endpoints.MapGet($"{Prefix}/health/live", () => Results.Ok(new { live = true }));
        endpoints.MapGet($"{Prefix}/health/ready", (ModelEndpoint model) => model.IsReady
            ? Results.Ok(new { ready = true })
            : Results.Json(new { ready = false, error = model.NotReadyReason }, statusCode: StatusCodes.Status503ServiceUnavailable));
        foreach (string path in new[] { $"{Prefix}/models/{{name}}", $"{Prefix}/models/{{name}}/versions/{{version}}" })
        {
            endpoints.MapGet(path, (string name, string? version, ModelEndpoint model) => Answer(model, () => { model.CheckModel(name, version); return Results.Ok(model.Metadata()); }));
            endpoints.MapGet($"{path}/ready", (string name, string? version, ModelEndpoint model) => Answer(model, () => { model.CheckModel(name, version); return Results.Ok(new { name, ready = true }); }));
            endpoints.MapGet($"{path}/stats", (string name, string? version, ModelEndpoint model) => Answer(model, () => { model.CheckModel(name, version); return Results.Ok(ModelStatistics.Of(model.Metrics)); }));
            endpoints.MapPost($"{path}/infer", InferAsync).RequireRateLimiting(ServingHost.ScoringPolicy);
        }

        return endpoints;
    }

    /// <summary>The protocol's error: <c>{"error": message}</c> with <paramref name="status"/>.</summary>
    public static IResult Error(int status, string message) => Results.Json(new { error = message }, statusCode: status);

    /// <summary>The protocol's error for <paramref name="error"/>: its status, and Retry-After when the client should come back.</summary>
    public static IResult Error(InferenceException error, int retryAfterSeconds)
    {
        ArgumentNullException.ThrowIfNull(error);
        IResult body = Error(StatusOf(error.Kind), error.Message);
        return error.IsRetryable ? new RetryAfterResult(body, retryAfterSeconds) : body;
    }

    /// <summary>The HTTP status of each kind of error.</summary>
    public static int StatusOf(InferenceErrorKind kind) => kind switch
    {
        InferenceErrorKind.InvalidArgument => StatusCodes.Status400BadRequest,
        InferenceErrorKind.NotFound => StatusCodes.Status404NotFound,
        InferenceErrorKind.Internal => StatusCodes.Status500InternalServerError,
        _ => StatusCodes.Status503ServiceUnavailable,
    };

    /// <summary>Whether <paramref name="request"/> is one of the protocol's, whose errors take its shape.</summary>
    public static bool IsProtocolPath(HttpRequest request) => request?.Path.StartsWithSegments(Prefix, StringComparison.Ordinal) ?? false;

    private static IResult Answer(ModelEndpoint model, Func<IResult> action)
    {
        try
        {
            return action();
        }
        catch (InferenceException e)
        {
            return Error(e, model.RetryAfterSeconds);
        }
    }

    private static async Task<IResult> InferAsync(string name, string? version, HttpContext context, ModelEndpoint model, IOptions<ServingOptions> options, ILogger<ServingHostLog> logger)
    {
        long limit = options.Value.MaxRequestBodyBytes;
        if (context.Request.ContentLength > limit)
        {
            return Error(StatusCodes.Status413PayloadTooLarge, RequestBodies.TooLargeMessage(limit));
        }

        RequestBodies.Limit(context, limit);
        try
        {
            await using MemoryStream body = await RequestBodies.ReadAsync(context.Request, limit);
            if (body.Length > limit)
            {
                return Error(StatusCodes.Status413PayloadTooLarge, RequestBodies.TooLargeMessage(limit));
            }

            InferenceCall call = RestInferBody.Read(body.GetBuffer().AsMemory(0, (int)body.Length), context.Request.Headers[RestInferBody.HeaderLength].FirstOrDefault(), name, version);
            InferenceOutcome outcome = await model.InferAsync(call, context.RequestAborted);
            LogInferred(logger, context.TraceIdentifier, outcome.Outputs.Count > 0 ? outcome.Outputs[0].Shape[0] : 0);
            return RestInferBody.Write(outcome);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Error(StatusCodes.Status413PayloadTooLarge, RequestBodies.TooLargeMessage(limit));
        }
        catch (BadHttpRequestException e)
        {
            // The server gave up on the body (too slow: 408; malformed framing: 400).
            return Error(e.StatusCode, $"The body could not be read: {e.Message}");
        }
        catch (InferenceException e)
        {
            return Error(e, model.RetryAfterSeconds);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            return Results.Empty;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{RequestId} inferred a batch of {Batch}")]
    private static partial void LogInferred(ILogger logger, string requestId, long batch);

    // Adds Retry-After to an error the client should retry.
    private sealed class RetryAfterResult(IResult inner, int seconds) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            return inner.ExecuteAsync(httpContext);
        }
    }
}
