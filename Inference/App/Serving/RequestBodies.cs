using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http;

namespace AlexNetMl.Inference.Serving;

/// <summary>Request bodies read whatever their Content-Type says, never more than the cap buffered.</summary>
public static class RequestBodies
{
    /// <summary>Lowers the server's body cap for this request to <paramref name="limit"/>.</summary>
    public static void Limit(HttpContext context, long limit)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = limit;
        }
    }

    /// <summary>The body, read to its end or to one chunk past <paramref name="limit"/> (the caller checks the length).</summary>
    public static async Task<MemoryStream> ReadAsync(HttpRequest request, long limit)
    {
        ArgumentNullException.ThrowIfNull(request);
        // Sized from Content-Length when the client gives one, so a large body is not copied as the buffer grows.
        var body = new MemoryStream(request.ContentLength is long length and > 0 ? (int)Math.Min(length, limit + 1) : 0);
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
        return body;
    }

    /// <summary>What a client that sent too much is told.</summary>
    public static string TooLargeMessage(long limit) => $"The body is over the {limit:N0}-byte limit.";
}
