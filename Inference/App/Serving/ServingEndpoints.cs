using System.Diagnostics;
using AlexNetMl.Inference.Classification;
using AlexNetMl.Inference.Preprocessing;
using AlexNetMl.Inference.Serving.OpenInference;
using AlexNetMl.Inference.Serving.Protocol;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AlexNetMl.Inference.Serving;

/// <summary>
/// The endpoints (the page is static files, <see cref="ServingHost.Configure"/>): <c>POST /classify</c> for images,
/// the model and examples for the page, and the Open Inference Protocol (<see cref="OpenInferenceEndpoints"/>).
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

        endpoints.MapOpenInference();
        return endpoints;
    }

    private static async Task<IResult> ClassifyAsync(HttpContext context, ModelEndpoint model, ImageDecoding decoding, IOptions<ServingOptions> options, ILogger<ServingHostLog> logger)
    {
        var watch = Stopwatch.StartNew();
        long limit = options.Value.MaxRequestBodyBytes;
        if (context.Request.ContentLength > limit)
        {
            return TooLarge(limit);
        }

        RequestBodies.Limit(context, limit);
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
        catch (BadHttpRequestException e)
        {
            return Results.Problem(statusCode: e.StatusCode, title: "Unreadable upload", detail: e.Message);
        }
        catch (InvalidDataException e)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Unreadable upload", detail: e.Message);
        }

        await using (image)
        {
            return image.Length > limit ? TooLarge(limit) : await ClassifyImageAsync(context, image, name, model, decoding, logger, watch);
        }
    }

    // Decodes the upload as the chain would and scores it through the batching queue.
    private static async Task<IResult> ClassifyImageAsync(HttpContext context, Stream image, string name, ModelEndpoint model, ImageDecoding decoding, ILogger logger, Stopwatch watch)
    {
        try
        {
            byte[] pixels = await decoding.DecodeAsync(image, name, context.RequestAborted);
            FashionPrediction prediction = await model.ClassifyAsync(pixels, context.RequestAborted);
            LogClassified(logger, context.TraceIdentifier, prediction.ClassName, prediction.Probability, watch.Elapsed.TotalMilliseconds);
            return Results.Ok(PredictionJson.Of(prediction));
        }
        catch (InvalidImageException e)
        {
            LogRejected(logger, context.TraceIdentifier, e.Message);
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid image", detail: e.Message);
        }
        catch (InferenceException e)
        {
            if (e.IsRetryable)
            {
                context.Response.Headers.RetryAfter = model.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            return Results.Problem(statusCode: OpenInferenceEndpoints.StatusOf(e.Kind), title: "Not scored", detail: e.Message);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            return Results.Empty;
        }
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

        return (await RequestBodies.ReadAsync(request, limit), "body");
    }

    private static IResult TooLarge(long limit) =>
        Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Request too large", detail: RequestBodies.TooLargeMessage(limit));

    [LoggerMessage(Level = LogLevel.Information, Message = "{RequestId} classified as {Class} ({Probability}) in {LatencyMs} ms")]
    private static partial void LogClassified(ILogger logger, string requestId, string @class, float probability, double latencyMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "{RequestId} rejected: {Reason}")]
    private static partial void LogRejected(ILogger logger, string requestId, string reason);
}
