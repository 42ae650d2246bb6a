namespace AlexNetMl.Export.Onnx;

/// <summary>The module tree holds a module (or a setting of one) that the exporter cannot express in ONNX.</summary>
public sealed class UnsupportedModuleException : Exception
{
    public UnsupportedModuleException()
    {
    }

    public UnsupportedModuleException(string message)
        : base(message)
    {
    }

    public UnsupportedModuleException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the error for the module of type <paramref name="moduleType"/> at <paramref name="path"/>.</summary>
    public UnsupportedModuleException(string path, string moduleType, string reason)
        : base($"Cannot export module '{path}' ({moduleType}): {reason}. Supported: {string.Join(", ", OnnxExporter.SupportedModules)}.")
    {
        ModulePath = path;
        ModuleType = moduleType;
    }

    /// <summary>Path of the module in the model, e.g. net.conv1.</summary>
    public string? ModulePath { get; }

    /// <summary>The module's type name.</summary>
    public string? ModuleType { get; }
}
