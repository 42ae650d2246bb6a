namespace AlexNetMl.Tests.Infrastructure;

/// <summary>Removes the shared trained model's folder (hundreds of MB) when the test run ends.</summary>
[TestClass]
public static class AssemblyHooks
{
    [AssemblyCleanup]
    public static void RemoveSharedModel() => TrainedModel.DeleteFiles();
}
