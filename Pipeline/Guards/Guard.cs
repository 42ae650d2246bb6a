using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace AlexNetMl.Pipeline.Guards;

/// <summary>Argument checks that name the offending argument, in the style of ImageSharp's guards.</summary>
public static class Guard
{
    /// <summary>Throws when <paramref name="value"/> is not strictly positive.</summary>
    public static void MustBePositive(int value, [CallerArgumentExpression(nameof(value))] string? name = null)
    {
        if (value <= 0)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be positive, but was {value}.");
        }
    }

    /// <summary>Throws when <paramref name="value"/> is not strictly positive and finite.</summary>
    public static void MustBePositive(double value, [CallerArgumentExpression(nameof(value))] string? name = null)
    {
        if (!(value > 0) || double.IsInfinity(value))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be a positive finite number, but was {value}.");
        }
    }

    /// <summary>Throws when <paramref name="value"/> lies outside [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public static void MustBeBetween(double value, double min, double max, [CallerArgumentExpression(nameof(value))] string? name = null)
    {
        if (!(value >= min && value <= max))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be between {min} and {max}, but was {value}.");
        }
    }

    /// <summary>Throws when <paramref name="value"/> is null, empty or white space.</summary>
    public static void NotNullOrWhiteSpace([NotNull] string? value, [CallerArgumentExpression(nameof(value))] string? name = null)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException($"{name} must not be empty.", name);
        }
    }
}
