namespace AlexNetMl.Training.Interop;

/// <summary>The two files PyTorch users keep weights in.</summary>
public enum PyTorchFormat
{
    /// <summary><c>torch.save(model.state_dict(), "x.pt")</c>: a zip archive holding a pickle and the tensors' bytes.</summary>
    Pickle,

    /// <summary>The safetensors format: an 8-byte header length, a JSON index, then the raw tensor bytes.</summary>
    Safetensors,
}
