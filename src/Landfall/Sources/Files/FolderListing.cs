using System.Text;
using Landfall.Sources.Readiness;

namespace Landfall.Sources.Files;

/// <summary>
/// Lists an entity's folder on a local or mounted file system: the regular files matching the glob, in ordinal order of
/// their relative paths, and the done markers present. Symbolic links to regular files are followed (size and time are the target's, the target is what is read);
/// a dangling link, a link loop among folders and a file name that is not valid UTF-8 fail with their own error type rather than
/// landing wrong data. Named pipes, sockets and devices are never data. Reads no file content.
/// </summary>
internal static class FolderListing
{
    /// <summary>The folder <paramref name="entity"/> reads for <paramref name="date"/>.</summary>
    public static string DirectoryOf(FolderEntity entity, DateOnly date) => entity.Directory.Render(date);

    public static FileSnapshot Take(FolderEntity entity, DateOnly date, DoneMarker? marker, TimeProvider time,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entity);
        ArgumentNullException.ThrowIfNull(time);
        var directory = DirectoryOf(entity, date);
        var root = new DirectoryInfo(directory);
        if (!root.Exists)
        {
            return new FileSnapshot(false, [], new HashSet<string>(), time.GetUtcNow());
        }
        var files = new List<ListedFile>();
        var markers = new HashSet<string>(StringComparer.Ordinal);
        var hints = new List<string>();
        var visited = new HashSet<string>(StringComparer.Ordinal) { Real(root) ?? root.FullName };
        try
        {
            Walk(entity, marker, root, "", files, markers, hints, visited, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // An unreadable sub-folder must fail the date, never be skipped: its files would be missing from a success.
            throw new SourceException("file_unreadable", $"Cannot list '{directory}' completely: {e.Message}", e);
        }
        files.Sort((a, b) => string.CompareOrdinal(a.RelativePath, b.RelativePath));
        return new FileSnapshot(true, files, markers, time.GetUtcNow()) { MatchingInSubfolders = hints };
    }

    private static void Walk(FolderEntity entity, DoneMarker? marker, DirectoryInfo folder, string prefix, List<ListedFile> files,
        HashSet<string> markers, List<string> hints, HashSet<string> visited, CancellationToken cancellationToken)
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
                Walk(entity, marker, sub, relative + "/", files, markers, hints, visited, cancellationToken);
                continue;
            }
            if (marker is not null && marker.IsMarker(entry.Name))
            {
                markers.Add(entry.FullName);
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
            files.Add(new ListedFile(entry.FullName, relative, entry.Name, info.Length, new DateTimeOffset(info.LastWriteTimeUtc, TimeSpan.Zero))
            {
                LinkTarget = readPath == entry.FullName ? null : readPath,
            });
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
