using System.Runtime.InteropServices;

namespace Landfall.Lake.Local;

/// <summary>
/// fsync(2) of a file or a directory by path. .NET cannot open a directory, and a directory entry (a new name, a new
/// sub-folder) is durable only once its directory is fsynced; on Windows, directory entries need no such step.
/// </summary>
internal static class FileSync
{
    private const int ReadOnly = 0;
    private const int Directory = 0x10000; // O_DIRECTORY on Linux (x64 and arm64)
    private const int DirectoryMac = 0x100000; // O_DIRECTORY on macOS
    private const int CloseOnExec = 0x80000; // O_CLOEXEC on Linux
    private const int CloseOnExecMac = 0x1000000; // O_CLOEXEC on macOS

    /// <summary>Makes the file's content durable.</summary>
    public static void File(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete, 1);
            stream.Flush(flushToDisk: true);
            return;
        }
        Sync(path, OperatingSystem.IsMacOS() ? CloseOnExecMac : CloseOnExec);
    }

    /// <summary>Makes the directory's entries durable.</summary>
    public static void Folder(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        Sync(path, OperatingSystem.IsMacOS() ? DirectoryMac | CloseOnExecMac : Directory | CloseOnExec);
    }

    /// <summary>
    /// Makes everything written to the file system holding <paramref name="folder"/> durable: its files' content and its
    /// directories' entries (syncfs(2), Linux only; false elsewhere, and the caller syncs file by file). One call for a
    /// whole batch lets the file system write it in one pass, where an fsync per file commits its journal once per file;
    /// a write error since the folder was opened, or never reported yet, is reported here, as fsync would.
    /// </summary>
    public static bool FileSystem(string folder)
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }
        Sync(folder, Directory | CloseOnExec, "syncfs", SyncFs);
        return true;
    }

    private static void Sync(string path, int flags) => Sync(path, flags, "fsync", Fsync);

    private static void Sync(string path, int flags, string call, Func<int, int> sync)
    {
        var fd = Open(path, ReadOnly | flags);
        if (fd < 0)
        {
            throw Error("open", path);
        }
        try
        {
            if (sync(fd) != 0)
            {
                throw Error(call, path);
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    /// <summary>
    /// Asks Linux to start writing the given range of an open file to disk now, without waiting for it (sync_file_range with
    /// SYNC_FILE_RANGE_WRITE). Without this the kernel keeps a 1 GiB object dirty in memory until the barrier's fsync, which
    /// then waits for all of it; started early, the disk works while the source is still streaming. A hint only: its result is
    /// ignored because the fsync that follows reports any write error, and other systems skip it.
    /// </summary>
    public static void StartWriteback(Microsoft.Win32.SafeHandles.SafeFileHandle file, long offset, long count)
    {
        if (!OperatingSystem.IsLinux() || count <= 0)
        {
            return;
        }
        var added = false;
        try
        {
            file.DangerousAddRef(ref added);
            _ = SyncFileRange((int)file.DangerousGetHandle(), offset, count, SyncFileRangeWrite);
        }
        finally
        {
            if (added)
            {
                file.DangerousRelease();
            }
        }
    }

    private static IOException Error(string call, string path)
    {
        var errno = Marshal.GetLastPInvokeError();
        return new IOException($"{call}('{path}') failed: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno}).", errno);
    }

    // DllImport rather than LibraryImport, whose generated code needs AllowUnsafeBlocks for the whole library.
#pragma warning disable SYSLIB1054
    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Fsync(int fd);

    [DllImport("libc", EntryPoint = "syncfs", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int SyncFs(int fd);

    private const uint SyncFileRangeWrite = 2; // SYNC_FILE_RANGE_WRITE

    [DllImport("libc", EntryPoint = "sync_file_range")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int SyncFileRange(int fd, long offset, long count, uint flags);

    [DllImport("libc", EntryPoint = "close")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Close(int fd);
#pragma warning restore SYSLIB1054
}
