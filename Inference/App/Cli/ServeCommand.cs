using System.CommandLine;
using AlexNetMl.Contract.Model;
using AlexNetMl.Contract.Programs;
using AlexNetMl.Contract.Settings;
using AlexNetMl.Inference.Classification;
using AlexNetMl.Inference.Serving;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AlexNetMl.Inference.Cli;

/// <summary>
/// <c>serve [--model runs/latest] [--urls http://127.0.0.1:5080]</c>: the web service. Settings also come
/// from appsettings.json and from environment variables prefixed <c>ALEXNETML_</c> (e.g. <c>ALEXNETML_Classifier__ModelPath</c>);
/// the two flags win over both. SIGTERM or Ctrl+C stops it gracefully: in-flight requests finish, new ones are refused.
/// </summary>
public static class ServeCommand
{
    public static Command Create(ProgramShell shell)
    {
        var model = new Option<string?>("--model") { Description = "A run folder, model.zip or model.onnx to serve (default runs/latest, or Classifier:ModelPath from configuration)." };
        var urls = new Option<string?>("--urls") { Description = $"Addresses to listen on (default {ServingHost.DefaultUrls})." };
        var grpcUrls = new Option<string?>("--grpc-urls") { Description = $"Where gRPC listens, on its own HTTP/2 port (default {ServingOptions.DefaultGrpcUrls}); '{ServingOptions.GrpcOff}' turns it off." };
        var weights = SettingOptions.Enum<ModelWeights>("--weights", "Of a run folder's models, which to serve: int8 (the default when the run wrote one) or fp32.");
        var command = new Command("serve", "Serve the classifier over HTTP: a page, POST /classify, the Open Inference Protocol (KServe v2) at /v2 and over gRPC, and Prometheus metrics at /metrics.") { model, urls, grpcUrls, weights };
        command.SetAction(parse => shell.Run(() => Serve(parse.GetValue(model), parse.GetValue(urls), parse.GetValue(grpcUrls), parse.GetValue(weights))));
        return command;
    }

    private static int Serve(string? modelPath, string? urls, string? grpcUrls, ModelWeights? weights)
    {
        using WebApplication app = Create(modelPath, urls, grpcUrls, weights);
        FashionClassifier classifier = app.Services.GetRequiredService<FashionClassifier>();
        if (classifier.InferredContract is { } inferred)
        {
            Console.Error.WriteLine($"note: {inferred}");
        }

        Console.Error.WriteLine($"Serving {classifier.ModelPath} ({classifier.Contract.ModelName}, {SettingNames.Of(classifier.Contract.Weights)} weights) on {string.Join(", ", app.Urls.DefaultIfEmpty(urls ?? ServingHost.DefaultUrls))}; Ctrl+C stops.");
        IReadOnlyList<string> grpc = app.Services.GetRequiredService<IOptions<ServingOptions>>().Value.GrpcAddresses;
        Console.Error.WriteLine(grpc.Count > 0 ? $"gRPC (inference.GRPCInferenceService) on {string.Join(", ", grpc)}." : "gRPC is off.");
        app.Run();
        return ExitCodes.Success;
    }

    // Settings are validated at start-up (ValidateOnStart); a bad one is the user's to fix, in one line.
    private static WebApplication Create(string? modelPath, string? urls, string? grpcUrls, ModelWeights? weights)
    {
        try
        {
            return ServingHost.CreateApplication(modelPath, urls, weights, grpcUrls);
        }
        catch (OptionsValidationException e)
        {
            throw new ArgumentException($"invalid settings: {string.Join("; ", e.Failures)}", e);
        }
    }
}
