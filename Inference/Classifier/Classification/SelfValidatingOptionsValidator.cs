using Microsoft.Extensions.Options;

namespace AlexNetMl.Inference.Classification;

/// <summary>
/// Options binding's validator for options that check themselves: registered with <c>ValidateOnStart</c>, a host with
/// bad settings fails at start-up with their own message, before it serves anything.
/// </summary>
/// <typeparam name="TOptions">The options type.</typeparam>
public sealed class SelfValidatingOptionsValidator<TOptions> : IValidateOptions<TOptions>
    where TOptions : class, ISelfValidatingOptions
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        try
        {
            options.Validate();
            return ValidateOptionsResult.Success;
        }
        catch (ArgumentException e)
        {
            return ValidateOptionsResult.Fail(e.Message);
        }
    }
}
