namespace AlexNetMl.Inference.Serving;

/// <summary>The logging category of the service's request logs.</summary>
public sealed class ServingHostLog
{
}
