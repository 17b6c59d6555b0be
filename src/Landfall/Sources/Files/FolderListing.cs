using System.Text;

namespace Landfall.Sources.Files;

/// <summary>
/// One listing of an entity's folder on a local or mounted file system: the regular files matching the glob, in ordinal order of
/// their relative paths. Symbolic links to regular files are followed (size and time are the target's, the target is what is read);
/// a dangling link, a link loop among folders and a file name that is not valid UTF-8 fail with their own error type rather than
/// landing wrong data. Named pipes, sockets and devices are never data. Reads no file content.
/// </summary>
internal sealed class FolderListing
{
    private FolderListing(string directory, bool exists, IReadOnlyList<LocalFile> files, IReadOnlyList<string> inSubfolders)
    {
        Directory = directory;
        Exists = exists;
        Files = files;
        MatchingInSubfolders = inSubfolders;
    }

    /// <summary>The folder the date renders to.</summary>
    public string Directory { get; }

    /// <summary>Whether the folder exists.</summary>
    public bool Exists { get; }

    /// <summary>The files to ingest, ordered by relative path.</summary>
    public IReadOnlyList<LocalFile> Files { get; }

    /// <summary>Without <c>recursive</c>: a few relative paths of matching files in sub-folders, which are not taken.</summary>
    public IReadOnlyList<string> MatchingInSubfolders { get; }

    public static FolderListing Take(FolderEntity entity, DateOnly date, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entity);
        var directory = entity.Directory.Render(date);
        var root = new DirectoryInfo(directory);
        if (!root.Exists)
        {
            return new FolderListing(directory, exists: false, [], []);
        }
        var files = new List<LocalFile>();
        var hints = new List<string>();
        var visited = new HashSet<string>(StringComparer.Ordinal) { Real(root) ?? root.FullName };
        try
        {
            Walk(entity, root, "", files, hints, visited, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // An unreadable sub-folder must fail the date, never be skipped: its files would be missing from a success.
            throw new SourceException("file_unreadable", $"Cannot list '{directory}' completely: {e.Message}", e);
        }
        files.Sort((a, b) => string.CompareOrdinal(a.RelativePath, b.RelativePath));
        return new FolderListing(directory, exists: true, files, hints);
    }

    private static void Walk(FolderEntity entity, DirectoryInfo folder, string prefix, List<LocalFile> files, List<string> hints,
        HashSet<string> visited, CancellationToken cancellationToken)
    {
        foreach (var entry in folder.EnumerateFileSystemInfos("*", new EnumerationOptions { AttributesToSkip = 0, IgnoreInaccessible = false }))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var relative = prefix + entry.Name;
            if (entry is DirectoryInfo sub)
            {
                if (!entity.Recursive)
                {
                    if (hints.Count < 3)
                    {
                        FirstMatchBelow(entity, sub, relative + "/", hints, depth: 0);
                    }
                    continue;
                }
                var real = Real(sub) ?? throw Dangling(sub.FullName);
                if (!visited.Add(real))
                {
                    throw new SourceException("directory_link_loop",
                        $"'{sub.FullName}' leads back to '{real}', which this listing already went through (a symbolic link loop under " +
                        "recursive: true). Nothing was ingested; remove the link or point it elsewhere.");
                }
                Walk(entity, sub, relative + "/", files, hints, visited, cancellationToken);
                continue;
            }
            if (!entity.Glob.IsMatch(entry.Name))
            {
                continue;
            }
            if (entry.Name.Contains('\ufffd', StringComparison.Ordinal) && !Path.Exists(entry.FullName))
            {
                // .NET decodes a name that is not UTF-8 with replacement characters: the decoded path names no file.
                throw new SourceException("file_name_not_utf8",
                    $"A file name in '{folder.FullName}' is not valid UTF-8: '{Shown(entry.Name)}' (\\ufffd marks the bytes that are " +
                    "not). Landfall cannot read it by that name; rename it with valid UTF-8 (convmv, or mv in a UTF-8 shell). Nothing was ingested.");
            }
            var readPath = entry.FullName;
            if (entry.LinkTarget is not null)
            {
                var target = entry.ResolveLinkTarget(returnFinalTarget: true);
                if (target is null || !target.Exists)
                {
                    throw Dangling(entry.FullName);
                }
                readPath = target.FullName;
            }
            if (!FileKind.IsRegularFile(readPath))
            {
                continue; // gone since the directory was read, or a named pipe, socket or device: not data (a pipe would block the read)
            }
            var info = new FileInfo(readPath);
            files.Add(new LocalFile(entry.FullName, relative, readPath, info.Length, new DateTimeOffset(info.LastWriteTimeUtc, TimeSpan.Zero)));
        }
    }

    /// <summary>Up to three matching files below a sub-folder, for the message that says recursive: true would take them.</summary>
    private static void FirstMatchBelow(FolderEntity entity, DirectoryInfo folder, string prefix, List<string> hints, int depth)
    {
        if (depth > 8)
        {
            return;
        }
        try
        {
            foreach (var entry in folder.EnumerateFileSystemInfos())
            {
                if (hints.Count >= 3)
                {
                    return;
                }
                if (entry is DirectoryInfo sub && sub.LinkTarget is null)
                {
                    FirstMatchBelow(entity, sub, prefix + sub.Name + "/", hints, depth + 1);
                }
                else if (entry is FileInfo && entity.Glob.IsMatch(entry.Name))
                {
                    hints.Add(prefix + entry.Name);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Only a hint for a message: an unreadable sub-folder just gives none.
        }
    }

    private static string? Real(DirectoryInfo folder)
    {
        if (folder.LinkTarget is null)
        {
            return folder.FullName;
        }
        var target = folder.ResolveLinkTarget(returnFinalTarget: true);
        return target is { Exists: true } ? target.FullName : null;
    }

    private static SourceException Dangling(string path) => new("file_link_dangling",
        $"'{path}' is a symbolic link to something that does not exist; nothing was ingested. Fix or remove the link (a later run retries).",
        isTransient: true);

    private static string Shown(string name)
    {
        var text = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            text.Append(c == '\ufffd' ? "\\ufffd" : char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString());
        }
        return text.ToString();
    }
}
