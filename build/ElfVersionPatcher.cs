// Compiled twice: by MSBuild's RoslynCodeTaskFactory as the PatchElfVersionNeed task (TorchSharpNativeFix.targets),
// and by the test project with ELF_PATCHER_LOGIC_ONLY, which leaves out the MSBuild task class so the tests need no
// MSBuild assemblies. Keep it to one file and to .NET Standard 2.0 (no spans): the task factory compiles exactly this
// source against the netstandard reference assemblies.
#nullable enable
using System;
using System.IO;
using System.Text;

namespace AlexNetMl.Build
{
    /// <summary>What <see cref="ElfVersionPatcher.MarkVersionWeak"/> did to a file.</summary>
    public enum ElfPatchOutcome
    {
        /// <summary>The version requirement was found and its VER_FLG_WEAK bit was set.</summary>
        Patched,
        /// <summary>The version requirement was already weak; the file was not written.</summary>
        AlreadyWeak,
        /// <summary>The file does not require that version; the file was not written.</summary>
        NotRequired,
    }

    /// <summary>
    /// Marks one entry of an ELF64 shared library's <c>.gnu.version_r</c> (version needs) table as weak.
    /// </summary>
    /// <remarks>
    /// TorchSharp 0.107's libLibTorchSharp.so was linked against GCC 13's libstdc++ and so requires GLIBCXX_3.4.32.
    /// The only symbol behind that version is the marker <c>std::ios_base_library_init()</c>, referenced without any
    /// relocation, so nothing is ever bound to it. glibc's loader refuses a library whose required version is missing
    /// unless the requirement carries VER_FLG_WEAK; setting that one bit lets the library load on libstdc++ 3.4.30
    /// (Debian 12, Ubuntu 22.04) while every other requirement keeps being checked.
    /// </remarks>
    public static class ElfVersionPatcher
    {
        /// <summary>The ELF section type of the GNU version-needs table.</summary>
        public const uint ShtGnuVerneed = 0x6ffffffe;

        /// <summary>The "weak version reference" flag of an <c>Elf64_Vernaux</c> entry.</summary>
        public const ushort VerFlgWeak = 0x2;

        /// <summary>
        /// Locates the <c>vna_flags</c> field of the requirement <paramref name="versionName"/> of <paramref name="fileName"/>.
        /// </summary>
        /// <returns>The byte offset of the 16-bit flags field, or -1 if the library does not require that version.</returns>
        /// <exception cref="InvalidDataException">The bytes are not a well-formed little-endian ELF64 file.</exception>
        public static long FindVersionFlagsOffset(byte[] elf, string fileName, string versionName)
        {
            FailIf(elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F', "not an ELF file (bad magic)");

            FailIf(elf[4] != 2 || elf[5] != 1, "only little-endian ELF64 files are supported");

            long sectionHeaderOffset = (long)U64(elf, 0x28);
            int sectionHeaderSize = U16(elf, 0x3A);
            int sectionCount = U16(elf, 0x3C);
            FailIf(sectionHeaderSize < 64 || sectionHeaderOffset < 0 || sectionHeaderOffset + ((long)sectionCount * sectionHeaderSize) > elf.Length, "section header table lies outside the file");

            for (int i = 0; i < sectionCount; i++)
            {
                long header = sectionHeaderOffset + ((long)i * sectionHeaderSize);
                if (U32(elf, header + 4) != ShtGnuVerneed)
                {
                    continue;
                }

                long tableOffset = (long)U64(elf, header + 24);
                uint stringTableIndex = U32(elf, header + 40);
                int entryCount = (int)U32(elf, header + 44);
                FailIf(stringTableIndex >= sectionCount, "version-needs table links to a missing string table");

                long stringHeader = sectionHeaderOffset + ((long)stringTableIndex * sectionHeaderSize);
                long stringsOffset = (long)U64(elf, stringHeader + 24);
                long stringsSize = (long)U64(elf, stringHeader + 32);
                FailIf(stringsOffset < 0 || stringsSize < 0 || stringsOffset + stringsSize > elf.Length, "dynamic string table lies outside the file");

                return FindInVerneed(elf, tableOffset, entryCount, stringsOffset, stringsSize, fileName, versionName);
            }

            return -1;
        }

        /// <summary>Sets VER_FLG_WEAK on one version requirement, writing through a temporary file and a rename.</summary>
        /// <remarks>
        /// The rename replaces the directory entry, so a hard link into the NuGet cache is never written through.
        /// The original timestamp is kept, so MSBuild's incremental copy does not see the file as changed.
        /// </remarks>
        public static ElfPatchOutcome MarkVersionWeak(string path, string fileName, string versionName)
        {
            byte[] bytes = File.ReadAllBytes(path);
            long offset = FindVersionFlagsOffset(bytes, fileName, versionName);
            if (offset < 0)
            {
                return ElfPatchOutcome.NotRequired;
            }

            ushort flags = U16(bytes, offset);
            if ((flags & VerFlgWeak) != 0)
            {
                return ElfPatchOutcome.AlreadyWeak;
            }

            flags |= VerFlgWeak;
            bytes[offset] = (byte)(flags & 0xff);
            bytes[offset + 1] = (byte)(flags >> 8);

            // The same guarantees as Contract's AtomicFile (which this inline build task cannot reference): a unique
            // temporary name beside the target, flushed to disk, then renamed over it, so a reader or a killed build
            // sees the old library or the patched one, never a torn one; the temporary file is removed on failure.
            DateTime lastWrite = File.GetLastWriteTimeUtc(path);
            string temporary = Path.Combine(Path.GetDirectoryName(path) ?? ".", "." + Path.GetFileName(path) + "." + Guid.NewGuid().ToString("N") + ".tmp");
            try
            {
                File.Copy(path, temporary); // keeps the file mode
                using (FileStream stream = new FileStream(temporary, FileMode.Open, FileAccess.Write))
                {
                    stream.Write(bytes, 0, bytes.Length);
                    stream.Flush(flushToDisk: true);
                }

                File.SetLastWriteTimeUtc(temporary, lastWrite);
                File.Replace(temporary, path, destinationBackupFileName: null); // rename(2) on Unix: one step
            }
            catch
            {
                File.Delete(temporary);
                throw;
            }

            return ElfPatchOutcome.Patched;
        }

        /// <summary>Whether a libstdc++ image defines the given symbol version (e.g. GLIBCXX_3.4.32).</summary>
        public static bool DefinesVersion(byte[] library, string versionName)
        {
            byte[] needle = Encoding.ASCII.GetBytes(versionName + "\0");
            for (int i = 0; i <= library.Length - needle.Length; i++)
            {
                if (library[i] != needle[0])
                {
                    continue;
                }

                int k = 1;
                while (k < needle.Length && library[i + k] == needle[k])
                {
                    k++;
                }

                if (k == needle.Length)
                {
                    return true;
                }
            }

            return false;
        }

        private static long FindInVerneed(byte[] elf, long tableOffset, int entryCount, long stringsOffset, long stringsSize, string fileName, string versionName)
        {
            long entry = tableOffset;
            for (int n = 0; n < entryCount; n++)
            {
                int auxCount = U16(elf, entry + 2);
                uint file = U32(elf, entry + 4);
                uint auxOffset = U32(elf, entry + 8);
                uint next = U32(elf, entry + 12);
                if (ReadString(elf, stringsOffset, stringsSize, file) == fileName)
                {
                    long aux = entry + auxOffset;
                    for (int k = 0; k < auxCount; k++)
                    {
                        uint name = U32(elf, aux + 8);
                        if (ReadString(elf, stringsOffset, stringsSize, name) == versionName)
                        {
                            return aux + 4;
                        }

                        uint auxNext = U32(elf, aux + 12);
                        if (auxNext == 0)
                        {
                            break;
                        }

                        aux += auxNext;
                    }
                }

                if (next == 0)
                {
                    break;
                }

                entry += next;
            }

            return -1;
        }

        private static string ReadString(byte[] elf, long stringsOffset, long stringsSize, uint index)
        {
            FailIf(index >= stringsSize, "string index outside the dynamic string table");

            long start = stringsOffset + index;
            long end = start;
            long limit = stringsOffset + stringsSize;
            while (end < limit && elf[end] != 0)
            {
                end++;
            }

            return Encoding.ASCII.GetString(elf, (int)start, (int)(end - start));
        }

        private static ushort U16(byte[] elf, long offset)
        {
            CheckRange(elf, offset, 2);
            return (ushort)(elf[offset] | (elf[offset + 1] << 8));
        }

        private static uint U32(byte[] elf, long offset)
        {
            CheckRange(elf, offset, 4);
            return (uint)(elf[offset] | (elf[offset + 1] << 8) | (elf[offset + 2] << 16) | (elf[offset + 3] << 24));
        }

        private static ulong U64(byte[] elf, long offset)
        {
            return U32(elf, offset) | ((ulong)U32(elf, offset + 4) << 32);
        }

        private static void CheckRange(byte[] elf, long offset, int length)
        {
            FailIf(offset < 0 || offset + length > elf.Length, "ELF structure lies outside the file");
        }
        private static void FailIf(bool malformed, string fault)
        {
            if (malformed)
            {
                throw new InvalidDataException(fault);
            }
        }
    }

#if !ELF_PATCHER_LOGIC_ONLY
    /// <summary>MSBuild task: applies <see cref="ElfVersionPatcher"/> to the copied libLibTorchSharp.so files.</summary>
    public sealed class PatchElfVersionNeed : Microsoft.Build.Utilities.Task
    {
        /// <summary>The libraries to patch (copies in an output folder, never the NuGet cache).</summary>
        [Microsoft.Build.Framework.Required]
        public Microsoft.Build.Framework.ITaskItem[] Libraries { get; set; } = Array.Empty<Microsoft.Build.Framework.ITaskItem>();

        /// <summary>The needed file whose version requirement is made weak, e.g. libstdc++.so.6.</summary>
        [Microsoft.Build.Framework.Required]
        public string NeededFile { get; set; } = string.Empty;

        /// <summary>The version made weak, e.g. GLIBCXX_3.4.32.</summary>
        [Microsoft.Build.Framework.Required]
        public string Version { get; set; } = string.Empty;

        /// <summary>The machine's libstdc++ candidates; if any defines <see cref="Version"/>, nothing is patched.</summary>
        public string[] SystemLibraries { get; set; } = Array.Empty<string>();

        public override bool Execute()
        {
            foreach (string candidate in SystemLibraries)
            {
                if (File.Exists(candidate) && ElfVersionPatcher.DefinesVersion(File.ReadAllBytes(candidate), Version))
                {
                    Log.LogMessage(Microsoft.Build.Framework.MessageImportance.Low, $"{candidate} defines {Version}; TorchSharp's native library needs no patch.");
                    return true;
                }
            }

            foreach (Microsoft.Build.Framework.ITaskItem library in Libraries)
            {
                string path = library.ItemSpec;
                if (!File.Exists(path))
                {
                    continue;
                }

                try
                {
                    ElfPatchOutcome outcome = ElfVersionPatcher.MarkVersionWeak(path, NeededFile, Version);
                    Log.LogMessage(
                        outcome == ElfPatchOutcome.Patched ? Microsoft.Build.Framework.MessageImportance.Normal : Microsoft.Build.Framework.MessageImportance.Low,
                        $"{path}: {Version} requirement {outcome}.");
                }
                catch (InvalidDataException e)
                {
                    Log.LogError($"{path}: cannot mark {Version} weak: {e.Message}. Delete the output folder and rebuild.");
                }
            }

            return !Log.HasLoggedErrors;
        }
    }
#endif
}
