using System.Threading.RateLimiting;
using AlexNetMl.Contract.Model;
using AlexNetMl.Inference.Classification;
using AlexNetMl.Inference.Preprocessing;
using AlexNetMl.Inference.Serving.Grpc;
using AlexNetMl.Inference.Serving.Metrics;
using AlexNetMl.Inference.Serving.OpenInference;
using AlexNetMl.Inference.Serving.Protocol;
using AlexNetMl.Inference.Serving.Scoring;
using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Prometheus;

namespace AlexNetMl.Inference.Serving;

/// <summary>
/// The web service, as two steps any ASP.NET Core host can apply: the services (<see cref="ConfigureServices"/>) and
/// the request pipeline with its endpoints (<see cref="Configure"/>). <c>alexnet-classify serve</c> applies them to a
/// <see cref="WebApplication"/>; the tests apply them to the test server.
/// </summary>
public static class ServingHost
{
    /// <summary>The rate-limiter policy of the scoring endpoints: a slot per request being read or decoded, a bounded queue.</summary>
    public const string ScoringPolicy = "scoring";

    /// <summary>Prefix of the environment variables the service reads.</summary>
    public const string EnvironmentPrefix = "ALEXNETML_";

    /// <summary>Where the service listens unless told otherwise.</summary>
    public const string DefaultUrls = "http://127.0.0.1:5080";

    /// <summary>
    /// The service as a <see cref="WebApplication"/>, built and configured but not started: settings from appsettings.json
    /// and <c>ALEXNETML_</c> environment variables, with <paramref name="modelPath"/> and <paramref name="urls"/> winning
    /// over both when given (else the configured <c>urls</c>, else <see cref="DefaultUrls"/>). The model is loaded here,
    /// so a bad model fails before anything listens. <paramref name="customize"/> may adjust the builder last (logging,
    /// for a host embedded in another program).
    /// </summary>
    public static WebApplication CreateApplication(string? modelPath, string? urls, ModelWeights? weights = null, string? grpcUrls = null, Action<WebApplicationBuilder>? customize = null)
    {
        WebApplicationBuilder builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [], EnvironmentName = Environments.Production });
        builder.Configuration.AddEnvironmentVariables(EnvironmentPrefix);
        if (modelPath is not null)
        {
            builder.Configuration[$"{FashionClassifierServiceCollectionExtensions.Section}:{nameof(FashionClassifierOptions.ModelPath)}"] = modelPath;
        }

        if (weights is not null)
        {
            builder.Configuration[$"{FashionClassifierServiceCollectionExtensions.Section}:{nameof(FashionClassifierOptions.Weights)}"] = weights.ToString();
        }

        if (grpcUrls is not null)
        {
            builder.Configuration[$"{ServingOptions.Section}:{nameof(ServingOptions.GrpcUrls)}"] = grpcUrls;
        }

        ListenOn(builder.Configuration, urls ?? builder.Configuration["urls"] ?? DefaultUrls);
        ConfigureServices(builder.Services, builder.Configuration);
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(30));
        customize?.Invoke(builder);
        WebApplication app = builder.Build();
        app.Services.GetRequiredService<FashionClassifier>();
        Configure(app);
        return app;
    }

    // Kestrel's endpoints from configuration: REST where asked, gRPC on its own HTTP/2-only port(s). (UseUrls cannot give
    // one address HTTP/2 alone, and would be overridden by any configured endpoint.)
    private static void ListenOn(ConfigurationManager configuration, string urls)
    {
        string[] rest = urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        for (int i = 0; i < rest.Length; i++)
        {
            configuration[$"Kestrel:Endpoints:Rest{i}:Url"] = rest[i];
        }

        var serving = new ServingOptions();
        configuration.GetSection(ServingOptions.Section).Bind(serving);
        for (int i = 0; i < serving.GrpcAddresses.Count; i++)
        {
            configuration[$"Kestrel:Endpoints:Grpc{i}:Url"] = serving.GrpcAddresses[i];
            configuration[$"Kestrel:Endpoints:Grpc{i}:Protocols"] = nameof(HttpProtocols.Http2);
        }
    }

    /// <summary>Registers the classifier, the scoring path (session, batcher, counters, endpoint), gRPC, readiness, limits and problem details.</summary>
    public static void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddFashionClassifier(configuration.GetSection(FashionClassifierServiceCollectionExtensions.Section));
        services.AddOptions<ServingOptions>().Bind(configuration.GetSection(ServingOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ServingOptions>, SelfValidatingOptionsValidator<ServingOptions>>();
        services.AddOptions<BatchingOptions>().Bind(configuration.GetSection(BatchingOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<BatchingOptions>, SelfValidatingOptionsValidator<BatchingOptions>>();
        AddScoring(services);
        services.AddGrpc();
        services.AddOptions<GrpcServiceOptions>().Configure<IOptions<ServingOptions>>((grpc, serving) =>
        {
            grpc.MaxReceiveMessageSize = (int)Math.Min(serving.Value.MaxRequestBodyBytes, int.MaxValue);
            grpc.MaxSendMessageSize = null;
        });
        services.AddSingleton<ModelReadiness>();
        services.AddHostedService(provider => provider.GetRequiredService<ModelReadiness>());
        services.AddSingleton<ExampleImages>();
        services.AddProblemDetails();
        services.AddOpenApi();
        AddLimits(services);
    }

    // One ONNX Runtime session of the served graph, its counters, the batcher in front of it, and the endpoint every protocol calls.
    private static void AddScoring(IServiceCollection services)
    {
        services.AddSingleton(provider =>
        {
            FashionClassifier classifier = provider.GetRequiredService<FashionClassifier>();
            return new OnnxInference(classifier.ModelPath, classifier.Contract);
        });
        services.AddSingleton(_ => Prometheus.Metrics.NewCustomRegistry());
        services.AddSingleton(provider => new InferenceMetrics(
            provider.GetRequiredService<CollectorRegistry>(), provider.GetRequiredService<OnnxInference>().Contract.ModelName, OnnxInference.Version));
        services.AddSingleton(provider => new DynamicBatcher(
            provider.GetRequiredService<OnnxInference>(), provider.GetRequiredService<IOptions<BatchingOptions>>().Value, provider.GetRequiredService<InferenceMetrics>()));
        services.AddSingleton(provider => new ImageDecoding(
            new ImagePreprocessor(provider.GetRequiredService<IOptions<FashionClassifierOptions>>().Value.Images), provider.GetRequiredService<IOptions<ServingOptions>>().Value.MaxConcurrentDecodes));
        services.AddSingleton<ModelEndpoint>();
    }

    // Body caps, and the concurrency limiter in front of the scoring endpoints: beyond its slots and queue, 503 with Retry-After.
    private static void AddLimits(IServiceCollection services)
    {
        services.AddOptions<FormOptions>().Configure<IOptions<ServingOptions>>((form, serving) => form.MultipartBodyLengthLimit = serving.Value.MaxRequestBodyBytes);
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<ServingOptions>>((kestrel, serving) => kestrel.Limits.MaxRequestBodySize = serving.Value.MaxRequestBodyBytes);
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status503ServiceUnavailable;
            limiter.OnRejected = async (context, cancellationToken) =>
            {
                ServingOptions serving = context.HttpContext.RequestServices.GetRequiredService<IOptions<ServingOptions>>().Value;
                context.HttpContext.Response.Headers.RetryAfter = serving.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                const string Busy = "Every scoring slot is taken and the queue is full; retry later.";
                IResult answer = OpenInferenceEndpoints.IsProtocolPath(context.HttpContext.Request)
                    ? OpenInferenceEndpoints.Error(StatusCodes.Status503ServiceUnavailable, Busy)
                    : Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Busy", detail: Busy);
                await answer.ExecuteAsync(context.HttpContext);
            };
        });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<ServingOptions>>((limiter, serving) =>
            limiter.AddConcurrencyLimiter(ScoringPolicy, slots =>
            {
                slots.PermitLimit = serving.Value.MaxConcurrentRequests;
                slots.QueueLimit = serving.Value.QueueLimit;
                slots.QueueProcessingOrder = QueueProcessingOrder.OldestFirst;
            }));
    }

    // An error with no body of its own (405, a path matching no endpoint): the protocol's shape under /v2, problem details elsewhere.
    private static async Task WriteStatusCodeBody(StatusCodeContext context)
    {
        HttpContext http = context.HttpContext;
        int status = http.Response.StatusCode;
        if (OpenInferenceEndpoints.IsProtocolPath(http.Request))
        {
            await OpenInferenceEndpoints.Error(status, $"{ReasonPhrases.GetReasonPhrase(status)}: {http.Request.Method} {http.Request.Path}.").ExecuteAsync(http);
            return;
        }

        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = { Status = status } });
    }

    /// <summary>The page's files (index.html, app.js, style.css), copied beside the program at build.</summary>
    public static string PageFolder => Path.Combine(AppContext.BaseDirectory, "wwwroot");

    /// <summary>Problem details for every error (never a stack trace), the page as static files, the rate limiter, and the endpoints.</summary>
    public static void Configure(IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseExceptionHandler();
        app.UseStatusCodePages(WriteStatusCodeBody);
        var page = new PhysicalFileProvider(PageFolder);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = page });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = page });
        app.UseRouting();
        app.UseRateLimiter();
        app.UseEndpoints(endpoints =>
        {
            endpoints.MapOpenApi();
            endpoints.MapMetrics("/metrics", endpoints.ServiceProvider.GetRequiredService<CollectorRegistry>());
            endpoints.MapFashionServing();
            IReadOnlyList<int> grpcPorts = endpoints.ServiceProvider.GetRequiredService<IOptions<ServingOptions>>().Value.GrpcPorts;
            if (grpcPorts.Count > 0)
            {
                endpoints.MapGrpcService<OpenInferenceGrpcService>().RequireHost([.. grpcPorts.Select(port => $"*:{port}")]);
            }
        });
    }
}
