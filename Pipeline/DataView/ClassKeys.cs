namespace AlexNetMl.Pipeline.DataView;

/// <summary>
/// ML.NET's key values are 1-based, 0 meaning "missing": class index i is key i + 1. Every conversion between the two
/// goes through here. (ML.NET's own <c>LoadFromEnumerable</c> adds the 1 to a <c>[KeyType]</c> member by itself while a
/// CustomMapping does not, so this project never relies on either and builds its key columns itself.)
/// </summary>
public static class ClassKeys
{
    /// <summary>The key of class <paramref name="index"/>.</summary>
    public static uint FromIndex(int index) => (uint)index + 1;

    /// <summary>The class index of <paramref name="key"/> (−1 for the missing key 0).</summary>
    public static int ToIndex(uint key) => (int)key - 1;
}
