using System.Buffers;

namespace Landfall.Lake.Local;

/// <summary>
/// A lake in a local folder, the embedded default: a key is a file under <see cref="Root"/>.
/// Puts write a temporary file beside the target and then move it into place with a create-if-absent move,
/// so a reader never sees a half-written object and an existing key is never overwritten. An immediate put fsyncs the
/// object and its folders before it returns; a deferred one (bulk data) leaves that to <see cref="FlushAsync"/>, which syncs
/// everything put since the last flush at once instead of paying one journal commit per object.
/// </summary>
public sealed class LocalFolderLake : ILake
{
    internal const string TempPrefix = ".landfall-tmp-";
    private const int BufferSize = 1 << 20;
    // Disk writes start every 8 MiB while an object streams in, so the durability barrier does not wait for all of it at once.
    private const long WritebackChunk = 8L << 20;
    private const int FlushParallelism = 16;

    // From this many objects on, a flush syncs the file system once (syncfs) rather than each object and folder: 1,000 objects
    // of 34 KB took 0.08-0.10 s against 0.19-0.23 s (docs/benchmarks.md). Below it, per-object fsyncs do not wait for
    // unrelated dirty data of the same file system.
    private const int FileSystemSyncFrom = 64;

    private readonly Lock _pending = new();
    private readonly Lock _flushing = new();
    private readonly List<string> _pendingFiles = [];
    private readonly HashSet<string> _pendingFolders = new(StringComparer.Ordinal);

    /// <summary>Creates a lake rooted at <paramref name="root"/> (created when missing).</summary>
    public LocalFolderLake(string root)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        Root = Path.GetFullPath(root);
    }

    /// <summary>The absolute root folder.</summary>
    public string Root { get; }

    /// <summary>Largest number of entries in one listing page (S3's own maximum by default).</summary>
    public int PageSize { get; init; } = 1000;

    /// <inheritdoc />
    public string Description => $"local folder {Root}";

    /// <inheritdoc />
    public string UriOf(string key) => Path.Combine(Root, key);

    /// <inheritdoc />
    public Task<LakeObjectInfo> PutAsync(string key, Stream content, string contentType, CancellationToken cancellationToken) =>
        PutAsync(key, content, contentType, LakeDurability.Immediate, cancellationToken);

    /// <inheritdoc />
    /// <remarks>
    /// Immediate: the temporary file is fsynced before the move and every folder from the object's up to the root after it.
    /// Deferred: neither; the object and the folders whose entries it changed are remembered for <see cref="FlushAsync"/>.
    /// </remarks>
    public async Task<LakeObjectInfo> PutAsync(string key, Stream content, string contentType, LakeDurability durability,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        var path = PathOf(key);
        var directory = Path.GetDirectoryName(path)!;
        List<string> changedFolders;
        try
        {
            changedFolders = CreateFolder(directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LakeException($"Cannot create folder '{directory}' in the lake: {e.Message}", e);
        }
        if (File.Exists(path))
        {
            throw new LakeKeyExistsException(key);
        }

        var immediate = durability == LakeDurability.Immediate;
        var temp = Path.Combine(directory, TempPrefix + Guid.NewGuid().ToString("N"));
        long size = 0;
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            // Unbuffered: the writes are already large, and a FileStream buffer per object costs as much as the copy for small ones.
            var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0, FileOptions.Asynchronous);
            await using (file.ConfigureAwait(false))
            {
                int read;
                long flushedTo = 0;
                while ((read = await content.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken).ConfigureAwait(false)) > 0)
                {
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                    size += read;
                    if (size - flushedTo >= WritebackChunk)
                    {
                        FileSync.StartWriteback(file.SafeFileHandle, flushedTo, size - flushedTo);
                        flushedTo = size;
                    }
                }
                if (flushedTo > 0)
                {
                    // The tail of a large object. Small ones get no hint: the fsync that makes them durable (at the barrier,
                    // many at once, or right below for an immediate put) writes them; a hint per object measured slower.
                    FileSync.StartWriteback(file.SafeFileHandle, flushedTo, size - flushedTo);
                }
                if (immediate)
                {
                    // Durable before visible: a crash after the move must not leave an empty or torn object.
                    file.Flush(flushToDisk: true);
                }
            }
            if (!NoOverwriteMove.TryMove(temp, path))
            {
                throw new LakeKeyExistsException(key);
            }
            if (immediate)
            {
                // The new name (and any new folder) is durable only once the folders holding them are fsynced.
                foreach (var folder in FoldersUpToRoot(directory).Union(changedFolders))
                {
                    FileSync.Folder(folder);
                }
            }
            else
            {
                lock (_pending)
                {
                    _pendingFiles.Add(path);
                    _pendingFolders.UnionWith(changedFolders);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDeleteTemp(temp);
            throw new LakeException($"Cannot write '{key}' to the lake at '{Root}': {e.Message}", e);
        }
        catch
        {
            TryDeleteTemp(temp);
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        return new LakeObjectInfo(key, size, File.GetLastWriteTimeUtc(path), ETag: null);
    }

    /// <inheritdoc />
    /// <remarks>
    /// fsyncs every object put with <see cref="LakeDurability.Deferred"/> since the last flush (several at once: the file system
    /// commits concurrent fsyncs together), then every folder whose entries those puts changed; from 64 objects on, on Linux,
    /// one syncfs per folder's file system does the same in one pass. Flushes run one at a time, so a
    /// flush never returns while another one is still syncing objects it must cover.
    /// </remarks>
    public Task FlushAsync(CancellationToken cancellationToken) => Task.Run(() =>
    {
        lock (_flushing)
        {
            List<string> files;
            HashSet<string> folders;
            lock (_pending)
            {
                files = [.. _pendingFiles];
                folders = [.. _pendingFolders];
                _pendingFiles.Clear();
                _pendingFolders.Clear();
            }
            try
            {
                // Every pending file sits in a pending folder, so syncing the file system of each pending folder covers them all.
                if (files.Count < FileSystemSyncFrom || folders.Count == 0 || !folders.All(FileSync.FileSystem))
                {
                    var options = new ParallelOptions { MaxDegreeOfParallelism = FlushParallelism, CancellationToken = cancellationToken };
                    Parallel.ForEach(files, options, FileSync.File);
                    Parallel.ForEach(folders, options, FileSync.Folder);
                }
            }
            catch (Exception e)
            {
                // Not durable yet: the next flush tries again, and until one succeeds no manifest may name them.
                lock (_pending)
                {
                    _pendingFiles.AddRange(files);
                    _pendingFolders.UnionWith(folders);
                }
                var cause = e is AggregateException many ? many.Flatten().InnerExceptions[0] : e;
                if (cause is IOException or UnauthorizedAccessException)
                {
                    throw new LakeException($"Cannot make the objects written to the lake at '{Root}' durable: {cause.Message}", cause);
                }
                throw;
            }
        }
    }, cancellationToken);

    /// <inheritdoc />
    public Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        // A named pipe would block open(2) until a writer comes, beyond any cancellation: only regular files are opened.
        if (File.Exists(path) && !FileKind.IsRegularFile(path))
        {
            throw new LakeException($"'{LakeKey.Printable(key)}' in the lake at '{Root}' is not a regular file (a named pipe, socket or " +
                "device); Landfall never opens it.");
        }
        try
        {
            Stream stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, FileOptions.Asynchronous);
            return Task.FromResult(stream);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new LakeObjectNotFoundException(key, e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LakeException($"Cannot read '{key}' from the lake at '{Root}': {e.Message}", e);
        }
    }

    /// <inheritdoc />
    public Task<LakeObjectInfo?> HeadAsync(string key, CancellationToken cancellationToken)
    {
        var info = new FileInfo(PathOf(key));
        return Task.FromResult(info.Exists ? ToObject(key, info) : null);
    }

    /// <inheritdoc />
    public Task<LakeListPage> ListPageAsync(string prefix, string? delimiter, string? continuationToken, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        if (delimiter is not null and not "/")
        {
            throw new ArgumentException("The local-folder lake supports only '/' as a delimiter.", nameof(delimiter));
        }
        // The folder that holds every key with this prefix: the prefix up to its last '/'.
        var slash = prefix.LastIndexOf('/');
        var folderKey = slash < 0 ? "" : prefix[..(slash + 1)];
        LakeKey.Validate(folderKey.TrimEnd('/'), allowEmpty: true);
        var folder = folderKey.Length == 0 ? Root : Path.Combine(Root, folderKey);

        var entries = new List<(string Key, FileInfo? File)>();
        if (Directory.Exists(folder))
        {
            if (delimiter is null)
            {
                foreach (var file in new DirectoryInfo(folder).EnumerateFiles("*", SearchOption.AllDirectories))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (!IsTemp(file.Name))
                    {
                        entries.Add((KeyOf(file.FullName), file));
                    }
                }
            }
            else
            {
                foreach (var info in new DirectoryInfo(folder).EnumerateFileSystemInfos())
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (info is FileInfo file && !IsTemp(file.Name))
                    {
                        entries.Add((KeyOf(file.FullName), file));
                    }
                    else if (info is DirectoryInfo dir && HoldsObjects(dir))
                    {
                        // Like S3, a prefix exists only while an object lives under it.
                        entries.Add((KeyOf(dir.FullName) + "/", null));
                    }
                }
            }
        }

        var selected = entries
            .Where(e => e.Key.StartsWith(prefix, StringComparison.Ordinal))
            .Where(e => continuationToken is null || string.CompareOrdinal(e.Key, continuationToken) > 0)
            .OrderBy(e => e.Key, StringComparer.Ordinal)
            .Take(PageSize + 1)
            .ToList();
        var more = selected.Count > PageSize;
        if (more)
        {
            selected.RemoveAt(selected.Count - 1);
        }
        var objects = selected.Where(e => e.File is not null).Select(e => ToObject(e.Key, e.File!)).ToList();
        var prefixes = selected.Where(e => e.File is null).Select(e => e.Key).ToList();
        var page = new LakeListPage(objects, prefixes, more ? selected[^1].Key : null);
        return Task.FromResult(page);
    }

    /// <summary>Creates <paramref name="directory"/> when missing; returns the folders whose entries changed or may change.</summary>
    private static List<string> CreateFolder(string directory)
    {
        var changed = new List<string> { directory };
        for (var missing = directory; !Directory.Exists(missing); missing = Path.GetDirectoryName(missing)!)
        {
            changed.Add(Path.GetDirectoryName(missing)!);
        }
        Directory.CreateDirectory(directory);
        return changed;
    }

    private IEnumerable<string> FoldersUpToRoot(string directory)
    {
        for (var folder = directory; folder.Length >= Root.Length; folder = Path.GetDirectoryName(folder)!)
        {
            yield return folder;
            if (folder.Length == Root.Length)
            {
                break;
            }
        }
    }

    private string PathOf(string key)
    {
        LakeKey.Validate(key);
        return Path.Combine(Root, key);
    }

    private string KeyOf(string fullPath) => Path.GetRelativePath(Root, fullPath).Replace(Path.DirectorySeparatorChar, '/');

    private static LakeObjectInfo ToObject(string key, FileInfo file) =>
        new(key, file.Length, new DateTimeOffset(file.LastWriteTimeUtc, TimeSpan.Zero), ETag: null);

    private static bool IsTemp(string name) => name.StartsWith(TempPrefix, StringComparison.Ordinal);

    private static bool HoldsObjects(DirectoryInfo dir) =>
        dir.EnumerateFiles("*", SearchOption.AllDirectories).Any(f => !IsTemp(f.Name));

    private static void TryDeleteTemp(string temp)
    {
        try
        {
            File.Delete(temp);
        }
        catch (IOException)
        {
            // A leftover temporary file is invisible to listings; nothing else to do.
        }
    }
}
