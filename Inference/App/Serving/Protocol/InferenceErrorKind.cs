namespace AlexNetMl.Inference.Serving.Protocol;

/// <summary>Why a request failed, in the terms of gRPC's status codes; each protocol maps it to its own status.</summary>
public enum InferenceErrorKind
{
    /// <summary>The request does not fit the model (400, INVALID_ARGUMENT).</summary>
    InvalidArgument,

    /// <summary>No such model or version (404, NOT_FOUND).</summary>
    NotFound,

    /// <summary>The model is not loaded, or failed to load (503, UNAVAILABLE).</summary>
    Unavailable,

    /// <summary>The queue is full (503 with Retry-After, RESOURCE_EXHAUSTED).</summary>
    ResourceExhausted,

    /// <summary>The request waited in the queue longer than its timeout (503 with Retry-After, DEADLINE_EXCEEDED).</summary>
    DeadlineExceeded,

    /// <summary>The model failed to score a valid request (500, INTERNAL).</summary>
    Internal,
}
