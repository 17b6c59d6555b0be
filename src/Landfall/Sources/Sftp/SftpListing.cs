using Landfall.Sources.Readiness;
using Renci.SshNet.Common;

namespace Landfall.Sources.Sftp;

/// <summary>Lists an entity's remote folder: the data files (glob-matched, markers excluded) and every marker present.</summary>
internal static class SftpListing
{
    /// <summary>Lists <paramref name="folder"/> (recursively when the entity says so). Reads no file content.</summary>
    public static async Task<FileSnapshot> TakeAsync(SftpConnection connection, FolderEntity entity, DoneMarker? marker, string folder,
        TimeProvider time, CancellationToken cancellationToken)
    {
        var files = new List<ListedFile>();
        var markers = new HashSet<string>(StringComparer.Ordinal);
        var root = folder.Length > 1 ? folder.TrimEnd('/') : folder;
        var exists = true;
        var pending = new Queue<string>([root]);
        while (pending.Count > 0)
        {
            var current = pending.Dequeue();
            var entries = await connection.RunAsync("list", current, async (client, ct) =>
            {
                var list = new List<Renci.SshNet.Sftp.ISftpFile>();
                try
                {
                    await foreach (var f in client.ListDirectoryAsync(current, ct).ConfigureAwait(false))
                    {
                        list.Add(f);
                    }
                }
                catch (SftpPathNotFoundException)
                {
                    return null;
                }
                return list;
            }, cancellationToken).ConfigureAwait(false);
            SftpLog.DirectoryListed(connection.Logger, current, entries?.Count ?? -1);
            if (entries is null)
            {
                // A missing date folder is an empty drop; a missing sub-folder vanished between readdir calls.
                exists &= current != root;
                continue;
            }
            foreach (var f in entries)
            {
                if (f.Name is "." or "..")
                {
                    continue;
                }
                var path = current == "/" ? "/" + f.Name : current + "/" + f.Name;
                if (f.IsDirectory)
                {
                    if (entity.Recursive)
                    {
                        pending.Enqueue(path);
                    }
                    continue;
                }
                if (!f.IsRegularFile)
                {
                    continue; // symlinks, devices, sockets: not data
                }
                if (marker is not null && marker.IsMarker(f.Name))
                {
                    markers.Add(path);
                    continue;
                }
                if (!entity.Glob.IsMatch(f.Name))
                {
                    continue;
                }
                var relative = root == "/" ? path[1..] : path[(root.Length + 1)..];
                files.Add(new ListedFile(path, relative, f.Name, f.Length,
                    new DateTimeOffset(DateTime.SpecifyKind(f.LastWriteTimeUtc, DateTimeKind.Utc))));
            }
        }
        files.Sort((a, b) => string.CompareOrdinal(a.RelativePath, b.RelativePath));
        return new FileSnapshot(exists, files, markers, time.GetUtcNow());
    }
}
