using System.CommandLine;
using AlexNetMl.Contract.Programs;
using AlexNetMl.Inference.Classification;
using AlexNetMl.Inference.Serving;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AlexNetMl.Inference.Cli;

/// <summary>
/// <c>serve [--model runs/latest/model.zip] [--urls http://127.0.0.1:5080]</c>: the web service. Settings also come
/// from appsettings.json and from environment variables prefixed <c>ALEXNETML_</c> (e.g. <c>ALEXNETML_Classifier__ModelPath</c>);
/// the two flags win over both. SIGTERM or Ctrl+C stops it gracefully: in-flight requests finish, new ones are refused.
/// </summary>
public static class ServeCommand
{
    /// <summary>Prefix of the environment variables the service reads.</summary>
    public const string EnvironmentPrefix = "ALEXNETML_";

    /// <summary>Where the service listens unless told otherwise.</summary>
    public const string DefaultUrls = "http://127.0.0.1:5080";

    public static Command Create(ProgramShell shell)
    {
        var model = new Option<string?>("--model") { Description = "model.zip (or model.onnx) to serve (default runs/latest/model.zip, or Classifier:ModelPath from configuration)." };
        var urls = new Option<string?>("--urls") { Description = $"Addresses to listen on (default {DefaultUrls})." };
        var command = new Command("serve", "Serve the classifier over HTTP: a page, POST /classify, and the Open Inference Protocol (KServe v2) at /v2.") { model, urls };
        command.SetAction(parse => shell.Run(() => Serve(parse.GetValue(model), parse.GetValue(urls))));
        return command;
    }

    private static int Serve(string? modelPath, string? urls)
    {
        WebApplicationBuilder builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [], EnvironmentName = Environments.Production });
        builder.Configuration.AddEnvironmentVariables(EnvironmentPrefix);
        if (modelPath is not null)
        {
            builder.Configuration[$"{FashionClassifierServiceCollectionExtensions.Section}:{nameof(FashionClassifierOptions.ModelPath)}"] = modelPath;
        }

        builder.WebHost.UseUrls(urls ?? builder.Configuration["urls"] ?? DefaultUrls);
        ServingHost.ConfigureServices(builder.Services, builder.Configuration);
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(30));
        using WebApplication app = builder.Build();

        // Load the model before listening: a bad model is the user's error (exit 2), not a service that never gets ready.
        FashionClassifier classifier = app.Services.GetRequiredService<FashionClassifier>();
        Console.Error.WriteLine($"Serving {classifier.ModelPath} ({classifier.Contract.ModelName}) on {string.Join(", ", app.Urls.DefaultIfEmpty(urls ?? DefaultUrls))}; Ctrl+C stops.");
        ServingHost.Configure(app);
        app.Run();
        return ExitCodes.Success;
    }
}
