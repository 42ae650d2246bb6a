using Microsoft.ML.OnnxRuntime;

namespace AlexNetMl.Contract.Onnx;

/// <summary>The one place every ONNX Runtime session of ours gets its options.</summary>
/// <remarks>
/// ONNX Runtime's default intra-op thread count comes from its own count of physical cores, which on the 2-vCPU
/// development VM is one: a default session scored 55 images/s at batch 1 where two threads score 106
/// (docs/benchmarks.md, scoring). <see cref="Environment.ProcessorCount"/> is what the process may use, container
/// limits and affinity included, so sessions ask for that many.
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
