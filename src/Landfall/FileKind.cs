using System.Runtime.InteropServices;

namespace Landfall;

/// <summary>
/// What a path on a local file system is, without opening it: opening a FIFO blocks until a writer comes (no cancellation can
/// interrupt open(2)), so a named pipe or a device that happens to sit where data or a manifest is expected must be recognised
/// before it is opened. Uses statx(2) on Linux, whose layout is the same on every architecture.
/// </summary>
internal static class FileKind
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxType = 0x1;
    private const int TypeMask = 0xF000;
    private const int Regular = 0x8000;

    /// <summary>
    /// True when <paramref name="path"/> is a regular file (following a symbolic link when <paramref name="followLinks"/>); false for
    /// a FIFO, socket, device, directory or a path that does not exist. On systems without statx, whatever exists as a file counts.
    /// </summary>
    public static bool IsRegularFile(string path, bool followLinks = true)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!OperatingSystem.IsLinux())
        {
            return File.Exists(path);
        }
        var buffer = new byte[256];
        try
        {
            if (Statx(AtFdCwd, path, followLinks ? 0 : AtSymlinkNoFollow, StatxType, buffer) != 0)
            {
                return false;
            }
        }
        catch (EntryPointNotFoundException)
        {
            return File.Exists(path);
        }
        // struct statx: stx_mask u32, stx_blksize u32, stx_attributes u64, stx_nlink u32, stx_uid u32, stx_gid u32, stx_mode u16 (offset 28).
        var mode = BitConverter.ToUInt16(buffer, 28);
        return (mode & TypeMask) == Regular;
    }

    // DllImport rather than LibraryImport, whose generated code needs AllowUnsafeBlocks for the whole library (as in FileSync).
#pragma warning disable SYSLIB1054
    [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Statx(int dirfd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, byte[] buffer);
#pragma warning restore SYSLIB1054
}
