namespace AlexNetMl.Contract.IO;

/// <summary>
/// Tells a full disk or a read-only folder from other I/O errors. Both are the user's to fix, not bugs to report:
/// .NET on Unix gives such an <see cref="IOException"/> the errno as its HResult, on Windows the Win32 HRESULT.
/// </summary>
public static class StorageFaults
{
    private const int NoSpaceLeft = 28;
    private const int ReadOnlyFileSystem = 30;
    private const int QuotaExceededMac = 69;
    private const int QuotaExceededLinux = 122;
    private const int WindowsHandleDiskFull = unchecked((int)0x80070027);
    private const int WindowsDiskFull = unchecked((int)0x80070070);

    /// <summary>Whether <paramref name="e"/> says the disk (or the user's quota) is full.</summary>
    public static bool IsFull(Exception e) =>
        e is IOException { HResult: NoSpaceLeft or QuotaExceededLinux or QuotaExceededMac or WindowsDiskFull or WindowsHandleDiskFull };

    /// <summary>Whether <paramref name="e"/> says the file system is mounted read-only.</summary>
    public static bool IsReadOnly(Exception e) => e is IOException { HResult: ReadOnlyFileSystem };

    /// <summary>Whether <paramref name="e"/> is a full disk or a read-only folder.</summary>
    public static bool IsStorageFault(Exception e) => IsFull(e) || IsReadOnly(e);

    /// <summary>What to do about <paramref name="e"/>, a storage fault.</summary>
    public static string Advice(Exception e) => IsFull(e)
        ? "The disk is full: free space there, or point the output elsewhere, and run again. Files written before are intact."
        : "That folder is read-only: choose a writable one, and run again. Files written before are intact.";
}
