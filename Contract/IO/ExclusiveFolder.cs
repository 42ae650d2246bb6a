using System.Runtime.InteropServices;

namespace AlexNetMl.Contract.IO;

/// <summary>Creates a folder only if nothing of that name exists, atomically: two processes can never both get it.</summary>
/// <remarks>
/// .NET's <see cref="Directory.CreateDirectory(string)"/> succeeds on an existing folder, so it cannot tell two runs
/// started in the same second apart; mkdir(2) and CreateDirectoryW fail when the name exists, which is the atomic
/// test-and-create needed.
/// </remarks>
public static class ExclusiveFolder
{
    /// <summary>Creates <paramref name="path"/>; false when a file or folder of that name already exists.</summary>
    public static bool TryCreate(string path)
    {
        string full = Path.GetFullPath(path);
        bool created = OperatingSystem.IsWindows() ? Native.CreateDirectoryW(full, IntPtr.Zero) : Native.mkdir(full, Convert.ToUInt32("755", 8)) == 0;
        if (created)
        {
            return true;
        }

        if (Directory.Exists(full) || File.Exists(full))
        {
            return false;
        }

        throw new IOException($"Cannot create folder '{path}' (error {Marshal.GetLastPInvokeError()}).");
    }

    private static class Native
    {
        [DllImport("libc", SetLastError = true)]
        public static extern int mkdir([MarshalAs(UnmanagedType.LPUTF8Str)] string path, uint mode);

        [DllImport("kernel32", SetLastError = true, CharSet = CharSet.Unicode)]
        [return: MarshalAs(UnmanagedType.Bool)]
        public static extern bool CreateDirectoryW(string path, IntPtr securityAttributes);
    }
}
