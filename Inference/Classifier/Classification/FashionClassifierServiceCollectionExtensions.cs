using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AlexNetMl.Inference.Classification;

/// <summary>
/// Registers a <see cref="FashionClassifier"/> as a singleton, with its options bound from configuration: the role
/// <c>AddPredictionEnginePool</c> plays in Microsoft.Extensions.ML, which the classifier's own engine pool replaces.
/// </summary>
public static class FashionClassifierServiceCollectionExtensions
{
    /// <summary>The configuration section of the classifier's options.</summary>
    public const string Section = "Classifier";

    /// <summary>Adds the classifier with options bound from <paramref name="configuration"/> (keys such as <c>ModelPath</c>, <c>Device</c>).</summary>
    public static IServiceCollection AddFashionClassifier(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<FashionClassifierOptions>().Bind(configuration).ValidateOnStart();
        return AddClassifier(services);
    }

    /// <summary>Adds the classifier with options set in code.</summary>
    public static IServiceCollection AddFashionClassifier(this IServiceCollection services, Action<FashionClassifierOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<FashionClassifierOptions>().Configure(configure).ValidateOnStart();
        return AddClassifier(services);
    }

    // The classifier is created on first use (the model loads then); a service that must know when it is ready
    // resolves it at start-up, as the serving host's ModelReadiness does.
    private static IServiceCollection AddClassifier(IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<FashionClassifierOptions>, SelfValidatingOptionsValidator<FashionClassifierOptions>>());
        services.AddSingleton(provider => new FashionClassifier(provider.GetRequiredService<IOptions<FashionClassifierOptions>>().Value));
        return services;
    }
}
