using AlexNetMl.Contract.Programs;

namespace AlexNetMl.Inference.Serving.Protocol;

/// <summary>
/// A request the service answers with an error: one message and one <see cref="InferenceErrorKind"/>, whichever protocol
/// it came by, so REST's <c>{"error": ...}</c> and gRPC's status carry the same words.
/// </summary>
public sealed class InferenceException : BadInputException
{
    public InferenceException()
    {
    }

    public InferenceException(string message)
        : this(InferenceErrorKind.InvalidArgument, message)
    {
    }

    public InferenceException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public InferenceException(InferenceErrorKind kind, string message)
        : base(message) => Kind = kind;

    /// <summary>Why the request failed.</summary>
    public InferenceErrorKind Kind { get; }

    /// <summary>Whether a client should retry later (the service was busy, not the request wrong).</summary>
    public bool IsRetryable => Kind is InferenceErrorKind.ResourceExhausted or InferenceErrorKind.DeadlineExceeded or InferenceErrorKind.Unavailable;
}
