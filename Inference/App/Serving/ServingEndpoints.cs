using System.Diagnostics;
using AlexNetMl.Inference.Classification;
using AlexNetMl.Inference.Preprocessing;
using AlexNetMl.Inference.Serving.OpenInference;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AlexNetMl.Inference.Serving;

/// <summary>
/// The endpoints (the page is static files, <see cref="ServingHost.Configure"/>): <c>POST /classify</c> for images, and the Open Inference Protocol (KServe v2) REST subset
/// that Triton and KServe speak: health, model metadata and infer, under the model's contract name.
/// </summary>
public static partial class ServingEndpoints
{
    /// <summary>Maps every endpoint of the service.</summary>
    public static IEndpointRouteBuilder MapFashionServing(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet("/model", (FashionClassifier classifier) => Results.Ok(new
        {
            name = classifier.Contract.ModelName,
            architecture = classifier.Contract.Architecture,
            class_names = classifier.ClassNames,
            input = classifier.Contract.InputShape,
            weights = Contract.Settings.SettingNames.Of(classifier.Contract.Weights),
            device = classifier.Device,
        }));
        endpoints.MapGet("/examples", (ExampleImages examples, FashionClassifier classifier) =>
            Results.Ok(examples.All.Select((e, i) => new { index = i, label = classifier.ClassNames[e.Label], url = $"/examples/{i}.png" })));
        endpoints.MapGet("/examples/{index:int}.png", (int index, ExampleImages examples) =>
            index >= 0 && index < examples.All.Count ? Results.File(examples.All[index].Png, "image/png") : Results.NotFound());
        endpoints.MapPost("/classify", ClassifyAsync).RequireRateLimiting(ServingHost.ScoringPolicy).DisableAntiforgery();

        endpoints.MapGet("/v2", () => Results.Ok(new ServerMetadataResponse("alexnetml", typeof(ServingEndpoints).Assembly.GetName().Version?.ToString() ?? "0", [])));
        endpoints.MapGet("/v2/health/live", () => Results.Ok());
        endpoints.MapGet("/v2/health/ready", (ModelReadiness readiness) => readiness.IsReady ? Results.Ok() : Results.StatusCode(StatusCodes.Status503ServiceUnavailable));
        endpoints.MapGet("/v2/models/{name}", (string name, ModelReadiness readiness, IServiceProvider services) =>
            WithModel(name, readiness, services, inference => Results.Ok(inference.Metadata(name))));
        endpoints.MapGet("/v2/models/{name}/ready", (string name, ModelReadiness readiness, IServiceProvider services) =>
            WithModel(name, readiness, services, _ => Results.Ok()));
        endpoints.MapPost("/v2/models/{name}/infer", InferAsync).RequireRateLimiting(ServingHost.ScoringPolicy);
        return endpoints;
    }

    private static async Task<IResult> ClassifyAsync(HttpContext context, FashionClassifier classifier, IOptions<ServingOptions> options, ILogger<ServingHostLog> logger)
    {
        var watch = Stopwatch.StartNew();
        long limit = options.Value.MaxRequestBodyBytes;
        if (context.Request.ContentLength > limit)
        {
            return TooLarge(limit);
        }

        Limit(context, limit);
        Stream image;
        string name;
        try
        {
            (image, name) = await ReadImageAsync(context.Request, limit);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge(limit);
        }
        catch (InvalidDataException e)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Unreadable upload", detail: e.Message);
        }

        await using (image)
        {
            if (image.Length > limit)
            {
                return TooLarge(limit);
            }

            try
            {
                FashionPrediction prediction = classifier.Predict(image);
                LogClassified(logger, context.TraceIdentifier, prediction.ClassName, prediction.Probability, watch.Elapsed.TotalMilliseconds);
                return Results.Ok(PredictionJson.Of(prediction));
            }
            catch (InvalidImageException e)
            {
                LogRejected(logger, context.TraceIdentifier, e.Message);
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid image", detail: e.Message.Replace("stream: ", $"{name}: ", StringComparison.Ordinal));
            }
        }
    }

    private static async Task<IResult> InferAsync(string name, HttpContext context, ModelReadiness readiness, IServiceProvider services, IOptions<ServingOptions> options, ILogger<ServingHostLog> logger)
    {
        var watch = Stopwatch.StartNew();
        long limit = options.Value.MaxRequestBodyBytes;
        if (context.Request.ContentLength > limit)
        {
            return TooLarge(limit);
        }

        Limit(context, limit);
        return await WithModelAsync(name, readiness, services, async inference =>
        {
            InferRequest? request;
            try
            {
                request = await context.Request.ReadFromJsonAsync<InferRequest>(context.RequestAborted);
            }
            catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                return TooLarge(limit);
            }
            catch (System.Text.Json.JsonException e)
            {
                return InferError($"The body is not an infer request: {e.Message.Split('.')[0]}.");
            }

            try
            {
                InferResponse response = inference.Infer(name, request ?? throw new InferenceRequestException("The body is empty."), options.Value.MaxInferBatch);
                LogInferred(logger, context.TraceIdentifier, response.Outputs[0].Shape[0], watch.Elapsed.TotalMilliseconds);
                return Results.Ok(response);
            }
            catch (InferenceRequestException e)
            {
                return InferError(e.Message);
            }
        });
    }

    // The protocol's error body is {"error": "..."}; the problem details carry it as an extension member too.
    private static IResult InferError(string message) =>
        Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid infer request", detail: message, extensions: new Dictionary<string, object?> { ["error"] = message });

    private static Task<IResult> WithModel(string name, ModelReadiness readiness, IServiceProvider services, Func<OnnxInference, IResult> action) =>
        WithModelAsync(name, readiness, services, inference => Task.FromResult(action(inference)));

    private static async Task<IResult> WithModelAsync(string name, ModelReadiness readiness, IServiceProvider services, Func<OnnxInference, Task<IResult>> action)
    {
        if (!readiness.IsReady)
        {
            return Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Not ready", detail: readiness.Failure ?? "The model is still loading.");
        }

        OnnxInference inference = services.GetRequiredService<OnnxInference>();
        if (name != inference.Contract.ModelName)
        {
            string message = $"Unknown model '{name}'; this server serves '{inference.Contract.ModelName}'.";
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown model", detail: message, extensions: new Dictionary<string, object?> { ["error"] = message });
        }

        return await action(inference);
    }

    // A multipart upload (the page's form) or the raw image as the body; never more than the cap is buffered.
    private static async Task<(Stream Image, string Name)> ReadImageAsync(HttpRequest request, long limit)
    {
        if (request.HasFormContentType)
        {
            IFormCollection form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
            IFormFile file = form.Files.GetFile("image") ?? (form.Files.Count > 0 ? form.Files[0] : null) ?? throw new InvalidDataException("The form has no file; send the image as the field 'image'.");
            var buffer = new MemoryStream();
            await file.CopyToAsync(buffer, request.HttpContext.RequestAborted);
            buffer.Position = 0;
            return (buffer, file.FileName);
        }

        var body = new MemoryStream();
        byte[] chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            body.Write(chunk, 0, read);
            if (body.Length > limit)
            {
                break;
            }
        }

        body.Position = 0;
        return (body, "body");
    }

    private static void Limit(HttpContext context, long limit)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = limit;
        }
    }

    private static IResult TooLarge(long limit) =>
        Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Request too large", detail: $"The body is over the {limit:N0}-byte limit.");

    [LoggerMessage(Level = LogLevel.Information, Message = "{RequestId} classified as {Class} ({Probability}) in {LatencyMs} ms")]
    private static partial void LogClassified(ILogger logger, string requestId, string @class, float probability, double latencyMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "{RequestId} rejected: {Reason}")]
    private static partial void LogRejected(ILogger logger, string requestId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "{RequestId} inferred a batch of {Batch} in {LatencyMs} ms")]
    private static partial void LogInferred(ILogger logger, string requestId, long batch, double latencyMs);
}
