using AlexNetMl.Inference.Classification;
using Microsoft.AspNetCore.Http;

namespace AlexNetMl.Inference.Serving;

/// <summary>Limits of the web service (configuration section <c>Serving</c>). Validates itself.</summary>
public sealed class ServingOptions : ISelfValidatingOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Serving";

    /// <summary>Largest request body, in bytes; larger ones are answered with 413 (default 20 MB).</summary>
    public long MaxRequestBodyBytes { get; set; } = 20L * 1024 * 1024;

    /// <summary>
    /// Scoring requests (<c>/classify</c>, REST infer) read and decoded at once; each holds its body in memory, so this
    /// bounds memory to about this many bodies. Once read they wait in the batching queue (<see cref="Scoring.BatchingOptions"/>).
    /// </summary>
    public int MaxConcurrentRequests { get; set; } = 64;

    /// <summary>
    /// Where gRPC (<c>inference.GRPCInferenceService</c>) listens, on its own HTTP/2 port(s), separated by ';'; <see cref="GrpcOff"/> turns it off.
    /// </summary>
    public string GrpcUrls { get; set; } = DefaultGrpcUrls;

    /// <summary>Where gRPC listens unless told otherwise.</summary>
    public const string DefaultGrpcUrls = "http://127.0.0.1:5081";

    /// <summary>The <see cref="GrpcUrls"/> value that turns gRPC off.</summary>
    public const string GrpcOff = "none";

    /// <summary>The gRPC addresses, none when turned off.</summary>
    public IReadOnlyList<string> GrpcAddresses => string.Equals(GrpcUrls.Trim(), GrpcOff, StringComparison.OrdinalIgnoreCase)
        ? []
        : GrpcUrls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>The ports of <see cref="GrpcAddresses"/>; throws <see cref="ArgumentException"/> for an address that is not http:// with a port.</summary>
    public IReadOnlyList<int> GrpcPorts => [.. GrpcAddresses.Select(url =>
    {
        BindingAddress? address = null;
        try
        {
            address = BindingAddress.Parse(url);
        }
        catch (FormatException)
        {
        }

        return address is { Scheme: "http", Port: > 0 } && url.Contains($":{address.Port}", StringComparison.Ordinal)
            ? address.Port
            : throw new ArgumentException($"GrpcUrls: '{url}' is not an http:// address with a port (e.g. {DefaultGrpcUrls}), nor '{GrpcOff}'.");
    })];

    /// <summary>Uploads to <c>/classify</c> decoded at once (default: the processor count); the others wait for a slot.</summary>
    public int MaxConcurrentDecodes { get; set; } = Environment.ProcessorCount;

    /// <summary>Requests that may wait for one of the <see cref="MaxConcurrentRequests"/> slots; beyond them a request is answered with 503 and Retry-After.</summary>
    public int QueueLimit { get; set; } = 32;

    /// <summary>Seconds a client is told to wait after a 503.</summary>
    public int RetryAfterSeconds { get; set; } = 1;

    /// <summary>Most images in one <c>/v2/.../infer</c> request.</summary>
    public int MaxInferBatch { get; set; } = 64;

    /// <summary>Test-set images offered on the page as examples.</summary>
    public int Examples { get; set; } = 12;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        _ = GrpcPorts;
        if (MaxRequestBodyBytes <= 0 || MaxConcurrentRequests <= 0 || MaxConcurrentDecodes <= 0 || QueueLimit < 0 || RetryAfterSeconds <= 0 || MaxInferBatch <= 0 || Examples < 0)
        {
            throw new ArgumentException(
                $"Serving options must be positive: MaxRequestBodyBytes {MaxRequestBodyBytes}, MaxConcurrentRequests {MaxConcurrentRequests}, MaxConcurrentDecodes {MaxConcurrentDecodes}, QueueLimit {QueueLimit}, RetryAfterSeconds {RetryAfterSeconds}, MaxInferBatch {MaxInferBatch}, Examples {Examples}.");
        }
    }
}
