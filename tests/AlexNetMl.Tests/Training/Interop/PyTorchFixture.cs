using System.Text.Json;
using AlexNetMl.Tests.Infrastructure;

namespace AlexNetMl.Tests.Training.Interop;

/// <summary>
/// The book's LeNet trained and saved by real PyTorch (Debian's python3-torch), with PyTorch's own logits: written by
/// tests/AlexNetMl.Tests/Fixtures/PyTorch/make_fixture.py, which is committed beside it.
/// </summary>
internal static class PyTorchFixture
{
    public static string Folder => Path.Combine(TestPaths.RepositoryRoot, "tests", "AlexNetMl.Tests", "Fixtures", "PyTorch");

    public static string File(string name) => Path.Combine(Folder, name);

    public static Expected Read()
    {
        using JsonDocument json = JsonDocument.Parse(System.IO.File.ReadAllText(File("lenet.json")));
        JsonElement root = json.RootElement;
        return new Expected(
            root.GetProperty("keys").EnumerateArray().Select(k => k.GetString()!).ToArray(),
            root.GetProperty("labels").EnumerateArray().Select(l => l.GetInt32()).ToArray(),
            root.GetProperty("logits").EnumerateArray().Select(row => row.EnumerateArray().Select(v => (float)v.GetDouble()).ToArray()).ToArray(),
            root.GetProperty("accuracy_images").GetInt32(),
            root.GetProperty("accuracy").GetDouble());
    }

    /// <summary>What PyTorch computed.</summary>
    /// <param name="Keys">The state_dict's keys, in PyTorch's order.</param>
    /// <param name="Labels">Labels of the first test images.</param>
    /// <param name="Logits">PyTorch's logits for those images.</param>
    /// <param name="AccuracyImages">How many test images the accuracy counts.</param>
    /// <param name="Accuracy">PyTorch's accuracy on them.</param>
    public sealed record Expected(string[] Keys, int[] Labels, float[][] Logits, int AccuracyImages, double Accuracy);
}
