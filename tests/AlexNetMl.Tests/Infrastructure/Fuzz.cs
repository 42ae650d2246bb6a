using CsCheck;

namespace AlexNetMl.Tests.Infrastructure;

/// <summary>
/// Property-based fuzzing with CsCheck: valid inputs mutated at random (flipped bytes, truncations, insertions,
/// overwritten headers). CI runs a fixed seed and <see cref="DefaultIterations"/> cases per property; set
/// <c>ALEXNETML_FUZZ_ITERATIONS</c> (and optionally <c>ALEXNETML_FUZZ_SEED</c>) to run more.
/// </summary>
internal static class Fuzz
{
    public const long DefaultIterations = 2_000;

    /// <summary>Cases per property.</summary>
    public static long Iterations => long.TryParse(Environment.GetEnvironmentVariable("ALEXNETML_FUZZ_ITERATIONS"), out long n) && n > 0 ? n : DefaultIterations;

    /// <summary>CsCheck's seed: fixed in CI, so a failure reproduces.</summary>
    public static string Seed => Environment.GetEnvironmentVariable("ALEXNETML_FUZZ_SEED") ?? new PCG(1, 20_261_129).ToString();

    /// <summary>Mutations of <paramref name="valid"/>; <paramref name="header"/> bytes at the start are hit more often.</summary>
    public static Gen<byte[]> Mutations(byte[] valid, int header = 16)
    {
        ArgumentNullException.ThrowIfNull(valid);
        Gen<byte[]> flips = Gen.Select(Gen.Int[0, valid.Length - 1].Array[1, 8], Gen.Byte.Array[8], (positions, values) =>
        {
            byte[] copy = (byte[])valid.Clone();
            for (int i = 0; i < positions.Length; i++)
            {
                copy[positions[i]] = values[i];
            }

            return copy;
        });
        Gen<byte[]> headerWrites = Gen.Select(Gen.Int[0, Math.Max(0, Math.Min(header, valid.Length) - 4)], Gen.Int, (position, value) =>
        {
            byte[] copy = (byte[])valid.Clone();
            BitConverter.GetBytes(value).CopyTo(copy, position);
            return copy;
        });
        Gen<byte[]> truncations = Gen.Int[0, valid.Length - 1].Select(length => valid[..length]);
        Gen<byte[]> insertions = Gen.Select(Gen.Int[0, valid.Length], Gen.Byte.Array[1, 64], (position, bytes) => (byte[])[.. valid[..position], .. bytes, .. valid[position..]]);
        return Gen.OneOf(flips, headerWrites, truncations, insertions);
    }

    /// <summary>Runs <paramref name="property"/> on <paramref name="gen"/>'s cases, one thread, with the fixed seed.</summary>
    public static void Check<T>(Gen<T> gen, Action<T> property)
    {
        ArgumentNullException.ThrowIfNull(gen);
        gen.Sample(property, seed: Seed, iter: Iterations, threads: 1);
    }
}
