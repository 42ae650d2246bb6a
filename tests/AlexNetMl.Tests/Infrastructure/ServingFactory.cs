using AlexNetMl.Inference.Serving;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AlexNetMl.Tests.Infrastructure;

/// <summary>
/// The web service on ASP.NET Core's test server, composed by the same <see cref="ServingHost"/> steps as
/// <c>alexnet-classify serve</c>. The Inference assembly's entry point is the classify CLI, so the host is built here
/// rather than by running that entry point.
/// </summary>
internal sealed class ServingFactory(string modelPath, IReadOnlyDictionary<string, string?>? settings = null) : WebApplicationFactory<ModelReadiness>
{
    protected override IHostBuilder CreateHostBuilder() =>
        Host.CreateDefaultBuilder()
            .ConfigureAppConfiguration(configuration => configuration.AddInMemoryCollection(new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>())
            {
                ["Classifier:ModelPath"] = modelPath,
                ["Classifier:Device"] = "Cpu",
            }))
            .ConfigureWebHostDefaults(web => web
                .ConfigureServices((context, services) => ServingHost.ConfigureServices(services, context.Configuration))
                .Configure(ServingHost.Configure));

    protected override void ConfigureWebHost(IWebHostBuilder builder) => builder.UseEnvironment(Environments.Production);

    /// <summary>Waits until the model is loaded (the readiness endpoint would say 200).</summary>
    public async Task ReadyAsync() => await Services.GetRequiredService<ModelReadiness>().Loaded;
}
