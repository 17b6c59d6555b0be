using System.Runtime.InteropServices;

namespace Landfall.Lake.Local;

/// <summary>
/// Moves a finished temporary file to its final name only if that name is free, atomically. <c>File.Move(overwrite: false)</c>
/// is not enough on Unix: .NET checks that the target is absent and then calls rename(2), which replaces a target created
/// in between (seen with eight concurrent puts of one key). link(2) fails with EEXIST instead, in one step.
/// </summary>
internal static class NoOverwriteMove
{
    private const int FileExists = 17; // EEXIST on Linux and macOS

    /// <summary>Gives <paramref name="temp"/> the name <paramref name="target"/>; false when the target already exists.</summary>
    public static bool TryMove(string temp, string target)
    {
        if (OperatingSystem.IsWindows())
        {
            // MoveFileEx without MOVEFILE_REPLACE_EXISTING is atomic and fails when the target exists.
            try
            {
                File.Move(temp, target, overwrite: false);
                return true;
            }
            catch (IOException) when (File.Exists(target))
            {
                return false;
            }
        }
        if (Link(temp, target) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno == FileExists)
            {
                return false;
            }
            throw new IOException($"link('{temp}', '{target}') failed: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno}).", errno);
        }
        // The object is in place under its name; the temporary name goes (a leftover one is only a stray temp file).
        File.Delete(temp);
        return true;
    }

#pragma warning disable SYSLIB1054 // DllImport rather than LibraryImport, whose generated code needs AllowUnsafeBlocks.
    [DllImport("libc", EntryPoint = "link", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Link([MarshalAs(UnmanagedType.LPUTF8Str)] string existing, [MarshalAs(UnmanagedType.LPUTF8Str)] string created);
#pragma warning restore SYSLIB1054
}
