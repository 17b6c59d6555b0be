using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Landfall.Manifests;
using Landfall.Sources.Readiness;

namespace Landfall.Sources.Sftp;

/// <summary>One run against the SFTP server: one connection for every entity of the date.</summary>
internal sealed class SftpSourceSession(SftpSource source, SftpConnection connection, SourceRunContext context) : ISourceSession
{
    private readonly SftpSettings _settings = source.Settings;

    private readonly Dictionary<string, (string Folder, FileSnapshot Settled, Dictionary<string, JsonElement> Extra)> _prepared =
        new(StringComparer.Ordinal);

    public async Task PrepareAsync(string entity, CancellationToken cancellationToken)
    {
        var e = source.Entity(entity);
        var folder = await connection.AbsoluteAsync(e.Directory.Render(context.IngestDate), cancellationToken).ConfigureAwait(false);
        var extra = new Dictionary<string, JsonElement>
        {
            ["remote"] = ManifestFormat.Fact($"sftp://{_settings.Endpoint}"),
            ["host_key_fingerprint"] = ManifestFormat.Fact(connection.PresentedFingerprint),
            ["cipher"] = ManifestFormat.Fact(connection.Cipher),
            ["key_exchange"] = ManifestFormat.Fact(connection.KeyExchange),
            ["directory"] = ManifestFormat.Fact(folder),
            ["glob"] = ManifestFormat.Fact(e.Glob.Pattern),
        };
        // Settled files only: a second listing one settle_interval later must agree on every file (and min_age, done marker).
        var listings = 0;
        var settled = await FileReadiness.SettledAsync(e, context.IngestDate, _settings.Readiness, async ct =>
            {
                var taken = await SftpListing.TakeAsync(connection, e, source.Marker, folder, context.Time, ct).ConfigureAwait(false);
                if (listings++ == 0 && _settings.Readiness.SettleInterval > TimeSpan.Zero)
                {
                    SftpLog.FirstListing(context.Logger, entity, folder, _settings.Readiness.SettleInterval.TotalMilliseconds);
                }
                return taken;
            },
            "file", $"in '{folder}' on sftp://{_settings.Endpoint}", extra, context.Time, cancellationToken).ConfigureAwait(false);
        SftpLog.FilesSettled(context.Logger, entity, folder, settled.Files.Count);
        _prepared[entity] = (folder, settled, extra);
    }

    public async Task<EntityOutput> ExtractAsync(string entity, EntityWriter writer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (!_prepared.ContainsKey(entity))
        {
            await PrepareAsync(entity, cancellationToken).ConfigureAwait(false);
        }
        var e = source.Entity(entity);
        var (folder, second, extra) = _prepared[entity];
        if (second.Files.Count == 0)
        {
            extra["directory_exists"] = ManifestFormat.Fact(second.FolderExists);
            return writer.ToOutput(empty: true, extra);
        }
        writer.Progress.Expect(objects: second.Files.Count, bytes: second.Files.Sum(f => f.Size));

        // Several files at once over the one connection: per-file round trips (open, read, close) and the lake's per-object
        // writes overlap. (More connections, each its own SSH session, measured no faster for 1,000 small files: the cores are
        // the limit, not the one session.)
        await Parallel.ForEachAsync(second.Files,
            new ParallelOptions { MaxDegreeOfParallelism = _settings.ParallelTransfers, CancellationToken = cancellationToken },
            async (file, ct) => await FetchAsync(file, writer, ct).ConfigureAwait(false)).ConfigureAwait(false);
        // What landed must be what was listed as settled. One more listing after the reads proves that every file still has the
        // size and modification time it was listed with: one directory read instead of a stat per file.
        var after = await SftpListing.TakeAsync(connection, e, source.Marker, folder, context.Time, cancellationToken).ConfigureAwait(false);
        var changed = ChangedSince(second, after);
        if (changed.Count > 0)
        {
            var problem = string.Join("; ", changed.Take(5)) + (changed.Count > 5 ? $"; and {changed.Count - 5} more" : "");
            throw new SourceException("file_changed",
                $"{changed.Count} file(s) in '{folder}' on sftp://{_settings.Endpoint} changed while the run read them: {problem}. " +
                "The run fails and a later run retries once the writer is done.", isTransient: true)
            {
                Evidence = extra,
            };
        }
        extra["read_check"] = ManifestFormat.Fact(new JsonObject
        {
            ["listing_at"] = SettleCheck.Stamp(after.TakenAt),
            ["files_unchanged"] = second.Files.Count,
        });
        var output = writer.ToOutput(extra: extra);
        // Completion order varies between runs; the manifest lists objects in the order of their remote paths.
        output.Objects.Sort((a, b) => string.CompareOrdinal(a.SourcePath, b.SourcePath));
        return output;
    }

    private async Task FetchAsync(ListedFile file, EntityWriter writer, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var written = await connection.RunAsync("read", file.Path, async (client, ct) =>
        {
            var remote = await client.OpenAsync(file.Path, FileMode.Open, FileAccess.Read, ct).ConfigureAwait(false);
            // SSH.NET's file stream keeps several reads in flight; decryption runs on its receive thread while this one hashes
            // and writes. (A read-ahead task in front of it measured no faster here: the cores are the limit.)
            var stream = new SftpReadStream(remote, _settings, file.Path, file.Size, context.Time);
            await using (stream.ConfigureAwait(false))
            {
                return await writer.WriteAsync(file.RelativePath, stream, "application/octet-stream", file.Path, file.ModifiedAt, rows: null, ct)
                    .ConfigureAwait(false);
            }
        }, cancellationToken).ConfigureAwait(false);

        if (written.Bytes != file.Size)
        {
            throw new SourceException("file_changed",
                $"'{file.Path}' changed while it was read (listed as {file.Size} bytes, {written.Bytes} read); the run fails and a later " +
                "run retries once the writer is done.", isTransient: true);
        }
        SftpLog.FileFetched(context.Logger, file.Path, written.Bytes, clock.Elapsed.TotalMilliseconds);
    }

    private static List<string> ChangedSince(FileSnapshot settled, FileSnapshot after)
    {
        var now = after.Files.ToDictionary(f => f.Path, StringComparer.Ordinal);
        var changed = new List<string>();
        foreach (var file in settled.Files)
        {
            if (!now.TryGetValue(file.Path, out var seen))
            {
                changed.Add($"'{file.Path}' vanished");
            }
            else if (!file.Unchanged(seen))
            {
                changed.Add($"'{file.Path}' was {file.Size} bytes modified {SettleCheck.Stamp(file.ModifiedAt)}, now {seen.Size} bytes modified {SettleCheck.Stamp(seen.ModifiedAt)}");
            }
        }
        return changed;
    }

    public ValueTask DisposeAsync()
    {
        connection.Dispose();
        return ValueTask.CompletedTask;
    }
}
