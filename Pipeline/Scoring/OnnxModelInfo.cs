using System.Globalization;
using AlexNetMl.Contract.Model;
using AlexNetMl.Contract.OnnxSessions;
using AlexNetMl.Contract.Programs;
using AlexNetMl.Pipeline.Data;
using Microsoft.ML.OnnxRuntime;

namespace AlexNetMl.Pipeline.Scoring;

/// <summary>
/// An ONNX model file with its <see cref="ModelContract"/>, read from the file's metadata and checked against the graph
/// itself: the input and both outputs exist under the contract's names, with the contract's shapes, in float. A model
/// made elsewhere, without a contract, is adopted: its contract is inferred from the graph (<see cref="GraphContract"/>).
/// </summary>
public sealed record OnnxModelInfo
{
    /// <summary>Full path of the model file.</summary>
    public required string Path { get; init; }

    /// <summary>What the model promises, read from its metadata.</summary>
    public required ModelContract Contract { get; init; }

    /// <summary>All metadata_props of the file (the contract and its provenance).</summary>
    public required IReadOnlyDictionary<string, string> Metadata { get; init; }

    /// <summary>For a model without an AlexNetMl contract, one line saying what was inferred from its graph (<see cref="GraphContract"/>); null otherwise.</summary>
    public string? InferredContract { get; init; }

    /// <summary>Reads and checks the ONNX model at <paramref name="path"/>.</summary>
    /// <exception cref="OnnxModelException">The file is missing, not ONNX, or its graph does not match its contract.</exception>
    /// <exception cref="ModelContractException">Its metadata is missing or malformed; the message names the field.</exception>
    public static OnnxModelInfo Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new OnnxModelException($"Model file '{path}' not found. Train one with `dotnet run --project Training`, or pass --model.");
        }

        InferenceSession session;
        try
        {
            session = OrtSessions.Open(path);
        }
        catch (OnnxRuntimeException e)
        {
            throw new OnnxModelException($"'{path}' is not a loadable ONNX model: {TerminalText.FirstLine(e.Message)}", e);
        }

        using (session)
        {
            Dictionary<string, string> metadata = session.ModelMetadata.CustomMetadataMap;
            if (!metadata.ContainsKey(ModelMetadataKeys.ContractVersion))
            {
                (string adopted, string note) = GraphContract.Adopt(path, metadata);
                return Read(adopted) with { InferredContract = note };
            }

            ModelContract contract = ModelContract.FromMetadata(metadata, path);
            CheckGraph(path, session, contract);
            return new OnnxModelInfo { Path = System.IO.Path.GetFullPath(path), Contract = contract, Metadata = metadata };
        }
    }

    private static void CheckGraph(string path, InferenceSession session, ModelContract contract)
    {
        if (session.InputMetadata.Count != 1 || !session.InputMetadata.TryGetValue(contract.InputName, out NodeMetadata? input))
        {
            throw new OnnxModelException($"'{path}' has inputs [{string.Join(", ", session.InputMetadata.Keys)}]; its contract promises one input '{contract.InputName}'.");
        }

        int[] inputShape = input.Dimensions;
        if (input.ElementType != typeof(float) || inputShape is not [_, int channels, int height, int width] || channels != contract.InputChannels || height != contract.InputHeight || width != contract.InputWidth)
        {
            throw new OnnxModelException(
                $"'{path}': input '{contract.InputName}' is [{Shape(inputShape)}] {input.ElementType.Name}; its contract promises [N,{contract.InputChannels},{contract.InputHeight},{contract.InputWidth}] Single.");
        }

        if (contract.InputChannels != FashionMnistImage.Channels)
        {
            throw new OnnxModelException($"'{path}' takes {contract.InputChannels}-channel images; Fashion-MNIST images have {FashionMnistImage.Channels} (grey).");
        }

        foreach (string output in new[] { contract.LogitsName, contract.ProbabilitiesName })
        {
            if (!session.OutputMetadata.TryGetValue(output, out NodeMetadata? node))
            {
                throw new OnnxModelException($"'{path}' has no output '{output}' (outputs: {string.Join(", ", session.OutputMetadata.Keys)}); its contract promises [N,{contract.ClassCount}].");
            }

            if (node.ElementType != typeof(float) || node.Dimensions is not [_, int classes] || classes != contract.ClassCount)
            {
                throw new OnnxModelException(
                    $"'{path}': output '{output}' is [{Shape(node.Dimensions)}] {node.ElementType.Name}, but its metadata lists {contract.ClassCount} class names; the class count must equal the output width.");
            }
        }
    }

    private static string Shape(int[] dims) => string.Join(",", dims.Select(d => d < 0 ? "N" : d.ToString(CultureInfo.InvariantCulture)));
}
