using Microsoft.ML.OnnxRuntime;

namespace AlexNetMl.Contract.OnnxSessions;

/// <summary>The one place every ONNX Runtime session of ours gets its options.</summary>
/// <remarks>
/// ONNX Runtime's default intra-op thread count comes from its own count of physical cores, which on the 2-vCPU
/// development VM is one: a default session scored at batch 1 at about half the rate of a two-thread one.
/// <see cref="Environment.ProcessorCount"/> is what the process may use, container limits and affinity included, so
/// sessions ask for that many. ML.NET's chain is threaded by <c>ChainReader</c> instead (Pipeline/Scoring).
/// </remarks>
public static class OrtSessions
{
    /// <summary>Intra-op threads of every session, ML.NET's <c>ApplyOnnxModel</c> included.</summary>
    public static int IntraOpThreads => Environment.ProcessorCount;

    /// <summary>New CPU session options: quiet unless a session fails, one intra-op thread per processor the process may use.</summary>
    public static SessionOptions CreateOptions() => new()
    {
        LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL,
        IntraOpNumThreads = IntraOpThreads,
    };

    /// <summary>Opens the ONNX model at <paramref name="path"/> on the CPU with <see cref="CreateOptions"/>.</summary>
    public static InferenceSession Open(string path)
    {
        using SessionOptions options = CreateOptions();
        return new InferenceSession(path, options);
    }

    /// <summary>Opens the ONNX model in <paramref name="model"/> on the CPU with <see cref="CreateOptions"/>.</summary>
    public static InferenceSession Open(byte[] model)
    {
        using SessionOptions options = CreateOptions();
        return new InferenceSession(model, options);
    }
}
