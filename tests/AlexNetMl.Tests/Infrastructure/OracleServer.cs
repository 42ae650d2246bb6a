using AlexNetMl.Pipeline.Data;

namespace AlexNetMl.Tests.Infrastructure;

/// <summary>
/// The web service on the test server over the 28×28 oracle model (grey 20·k is class k), with the temporary folder
/// that holds the model: the fixture of the protocol tests, which ask it questions whose answers they know.
/// </summary>
internal sealed class OracleServer : IDisposable
{
    private readonly TempFolder _temp;

    private OracleServer(TempFolder temp, ServingFactory factory)
    {
        (_temp, Factory) = (temp, factory);
        Client = factory.CreateClient();
    }

    public ServingFactory Factory { get; }

    public HttpClient Client { get; }

    /// <summary>Writes the oracle into <paramref name="temp"/> and returns its path.</summary>
    public static string WriteModel(TempFolder temp)
    {
        ArgumentNullException.ThrowIfNull(temp);
        string model = temp.File("oracle.onnx");
        File.WriteAllBytes(model, OracleModel.Build(side: FashionMnistImage.Side));
        return model;
    }

    /// <summary>Starts the service with <paramref name="settings"/> (configuration keys) and waits until the model is loaded.</summary>
    public static async Task<OracleServer> StartAsync(IReadOnlyDictionary<string, string?>? settings = null)
    {
        TempFolder temp = TestPaths.NewTempFolder();
        var server = new OracleServer(temp, new ServingFactory(WriteModel(temp), settings));
        await server.Factory.ReadyAsync();
        return server;
    }

    public void Dispose()
    {
        Client.Dispose();
        Factory.Dispose();
        _temp.Dispose();
    }
}
