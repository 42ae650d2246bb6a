using static TorchSharp.torch;

namespace AlexNetMl.Training.Interop;

/// <summary>A PyTorch state_dict read from a file: named float32 CPU tensors, owned (and disposed) by this object.</summary>
public sealed class StateDict : IDisposable
{
    internal StateDict(string path, PyTorchFormat format, IReadOnlyDictionary<string, Tensor> tensors)
    {
        Path = path;
        Format = format;
        Tensors = tensors;
    }

    /// <summary>The file it was read from.</summary>
    public string Path { get; }

    /// <summary>How the file was written.</summary>
    public PyTorchFormat Format { get; }

    /// <summary>The tensors by key, in the file's order.</summary>
    public IReadOnlyDictionary<string, Tensor> Tensors { get; }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (Tensor tensor in Tensors.Values)
        {
            tensor.Dispose();
        }
    }
}
