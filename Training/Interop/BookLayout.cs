using AlexNetMl.Training.Models;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AlexNetMl.Training.Interop;

/// <summary>
/// The state_dict keys of the book's PyTorch classes, and the map between them and ours. The book keeps each network in
/// <c>self.net = nn.Sequential(...)</c>, so a parameter is named by its layer's position: AlexNet's first convolution
/// is <c>net.0.weight</c>, its output layer <c>net.20.bias</c>. Our modules keep the same layers in the same order in
/// a Sequential also called net, with names instead of positions (<c>net.conv1.weight</c>); the map is by position.
/// </summary>
/// <remarks>
/// Keys without the <c>net.</c> prefix (<c>0.weight</c>, from a bare <c>nn.Sequential</c> as in the book's earlier
/// editions) are read as well.
/// </remarks>
public static class BookLayout
{
    private const string Prefix = "net.";

    /// <summary>Orders book keys as PyTorch lists them: by layer position (numerically), then weight before bias.</summary>
    public static IComparer<string> KeyComparer { get; } = Comparer<string>.Create((a, b) =>
    {
        (int positionA, string remainderA) = Split(a);
        (int positionB, string remainderB) = Split(b);
        int byPosition = positionA.CompareTo(positionB);
        if (byPosition != 0)
        {
            return byPosition;
        }

        int byRank = Rank(remainderA).CompareTo(Rank(remainderB));
        return byRank != 0 ? byRank : string.CompareOrdinal(remainderA, remainderB);
    });

    /// <summary>Each parameter of <paramref name="model"/> with its key in the book's layout, in layer order.</summary>
    public static IReadOnlyList<(string BookKey, string OurName, Parameter Parameter)> Parameters(FashionModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var parameters = new List<(string, string, Parameter)>();
        int position = 0;
        foreach ((string name, nn.Module<Tensor, Tensor> layer) in model.Layers)
        {
            foreach ((string parameterName, Parameter parameter) in layer.named_parameters(recurse: false))
            {
                parameters.Add(($"{Prefix}{position}.{parameterName}", $"{name}.{parameterName}", parameter));
            }

            position++;
        }

        return parameters;
    }

    /// <summary>The model's weights keyed as the book's class names them, ready for <see cref="PyTorchStateDict.Write"/>.</summary>
    public static IReadOnlyList<(string Key, Tensor Tensor)> StateDict(FashionModel model) =>
        Parameters(model).Select(p => (p.BookKey, (Tensor)p.Parameter)).ToArray();

    /// <summary>
    /// Copies a book-layout state_dict into <paramref name="model"/>, after checking that it has exactly the model's keys,
    /// each with the model's shape. Nothing is copied unless everything matches.
    /// </summary>
    /// <exception cref="PyTorchFileException">A key is missing or unexpected, or a shape differs; the message names them.</exception>
    public static void Load(FashionModel model, StateDict stateDict)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(stateDict);
        string architecture = ModelCatalog.Get(model.Kind).Name;
        var given = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach ((string key, Tensor tensor) in stateDict.Tensors)
        {
            given[key.StartsWith(Prefix, StringComparison.Ordinal) ? key : Prefix + key] = tensor;
        }

        IReadOnlyList<(string BookKey, string OurName, Parameter Parameter)> expected = Parameters(model);
        string[] missing = expected.Select(p => p.BookKey).Where(key => !given.ContainsKey(key)).ToArray();
        string[] unexpected = given.Keys.Except(expected.Select(p => p.BookKey)).Order(KeyComparer).ToArray();
        if (missing.Length > 0 || unexpected.Length > 0)
        {
            var faults = new List<string>();
            if (missing.Length > 0)
            {
                faults.Add($"missing {List(missing)}");
            }

            if (unexpected.Length > 0)
            {
                faults.Add($"unexpected {List(unexpected)}");
            }

            throw new PyTorchFileException(
                $"{stateDict.Path}: is not a state_dict of the book's {architecture} ({string.Join("; ", faults)}). Pass --model for the architecture it was saved from ({string.Join(", ", ModelCatalog.All.Select(m => m.Name))}).");
        }

        foreach ((string key, string ours, Parameter parameter) in expected)
        {
            long[] shape = given[key].shape;
            if (!shape.SequenceEqual(parameter.shape))
            {
                throw new PyTorchFileException(
                    $"{stateDict.Path}: '{key}' has shape {Shape(shape)}, but {architecture}'s {ours} is {Shape(parameter.shape)}. Pass --model for the architecture it was saved from.");
            }
        }

        using var _ = no_grad();
        foreach ((string key, string _, Parameter parameter) in expected)
        {
            parameter.copy_(given[key]);
        }
    }

    private static (int Position, string Remainder) Split(string key)
    {
        string body = key.StartsWith(Prefix, StringComparison.Ordinal) ? key[Prefix.Length..] : key;
        int dot = body.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 && int.TryParse(body.AsSpan(0, dot), out int position) ? (position, body[(dot + 1)..]) : (int.MaxValue, key);
    }

    // Conv2d and Linear register weight, then bias.
    private static int Rank(string parameter) => parameter switch
    {
        "weight" => 0,
        "bias" => 1,
        _ => 2,
    };

    private static string List(string[] keys) => keys.Length <= 4 ? string.Join(", ", keys) : $"{string.Join(", ", keys.Take(4))} and {keys.Length - 4} more";

    private static string Shape(long[] shape) => $"[{string.Join(", ", shape)}]";
}
