namespace AlexNetMl.Inference.Classification;

/// <summary>Options that check themselves: <see cref="Validate"/> throws <see cref="ArgumentException"/> naming the first invalid one.</summary>
public interface ISelfValidatingOptions
{
    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    void Validate();
}
