using System.Globalization;
using System.Text.Json;
using Landfall.Azure;
using Landfall.Lake;
using Landfall.Manifests;
using Landfall.Sources.Readiness;

namespace Landfall.Sources.Azure;

/// <summary>One run of an azure_blob source: list, hold back unsettled dates, copy in parallel, verify every copy.</summary>
internal sealed class AzureBlobSession(AzureBlobSource source, SourceRunContext context, AzureBlobClient client) : ISourceSession
{
    public const string ServerSideCopy = "server_side_copy";
    public const string Streamed = "streamed";

    private readonly Dictionary<string, (List<AzureBlobObject> Blobs, Dictionary<string, JsonElement> Extra)> _prepared = new(StringComparer.Ordinal);

    public async Task PrepareAsync(string entity, CancellationToken cancellationToken)
    {
        var e = source.Entity(entity);
        var prefix = e.Prefix.Render(context.IngestDate);
        var extra = new Dictionary<string, JsonElement>
        {
            ["account"] = ManifestFormat.Fact(source.Settings.Connection.AccountName),
            ["endpoint"] = ManifestFormat.Fact(source.Settings.Connection.BlobEndpoint.GetLeftPart(UriPartial.Path).TrimEnd('/')),
            ["container"] = ManifestFormat.Fact(e.Container),
            ["prefix"] = ManifestFormat.Fact(prefix),
            ["glob"] = ManifestFormat.Fact(e.Glob.Pattern),
        };
        List<AzureBlobObject> blobs = [];
        // The readiness rules every file-like kind shares: min_age, settle_interval, done_marker.
        await FileReadiness.SettledAsync(e, context.IngestDate, source.Settings.Readiness, async ct =>
        {
            var (listed, markers) = await client.ListAsync(e, prefix, source.Settings.Readiness.DoneMarker, ct).ConfigureAwait(false);
            blobs = listed;
            var files = listed.Select(o => new ListedFile(o.Name, o.RelativeName, o.RelativeName[(o.RelativeName.LastIndexOf('/') + 1)..], o.Size,
                o.LastModified)).ToList();
            return new FileSnapshot(listed.Count > 0, files, markers, context.Time.GetUtcNow());
        }, "blob", $"in container '{e.Container}' under '{prefix}'", extra, context.Time, cancellationToken).ConfigureAwait(false);
        _prepared[entity] = (blobs, extra);
    }

    public async Task<EntityOutput> ExtractAsync(string entity, EntityWriter writer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (!_prepared.ContainsKey(entity))
        {
            await PrepareAsync(entity, cancellationToken).ConfigureAwait(false);
        }
        var e = source.Entity(entity);
        var (blobs, extra) = _prepared[entity];
        // An entity whose schema is read (format:) is streamed: a server-side copy never shows Landfall the bytes.
        var lake = source.Settings.ServerSideCopy && writer.Format is null && writer.Lake is IAzureCopyTarget target
            && target.CanCopyFrom(source.Settings.Connection) ? target : null;
        AzureBlobLog.Listed(context.Logger, context.Source, entity, e.Container, e.Prefix.Render(context.IngestDate), blobs.Count,
            blobs.Sum(o => o.Size), lake is null ? Streamed : ServerSideCopy);
        extra["copy"] = ManifestFormat.Fact(lake is null ? "streamed" : "server_side");
        if (blobs.Count == 0)
        {
            return writer.ToOutput(empty: true, extra);
        }
        writer.Progress.Expect(objects: blobs.Count, bytes: blobs.Sum(o => o.Size));
        await writer.LandAllAsync(blobs, source.Settings.MaxParallelCopies, async (item, ct) =>
        {
            if (source.BeforeCopy is { } hook)
            {
                await hook(item.Name, ct).ConfigureAwait(false);
            }
            return await LandAsync(item, lake, writer, ct).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
        return writer.ToOutput(extra: extra);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private async Task<OutputObject> LandAsync(AzureBlobObject blob, IAzureCopyTarget? lake, EntityWriter writer, CancellationToken ct)
    {
        try
        {
            return lake is null
                ? await StreamAsync(blob, writer, ct).ConfigureAwait(false)
                : await CopyServerSideAsync(blob, lake, writer, ct).ConfigureAwait(false);
        }
        catch (SourceException e) when (e.Reason == "object_changed")
        {
            if (await client.ExistsAsync(blob, ct).ConfigureAwait(false))
            {
                throw;
            }
            // A condition on a blob that is gone fails as a changed one: say what happened.
            throw new SourceException("object_vanished",
                $"Container '{blob.Container}', blob '{blob.Name}' of {client.Where} was listed but is gone; it was deleted while the run " +
                "copied. Nothing of this run counts; a later run starts over.", e, isTransient: true);
        }
    }

    private async Task<OutputObject> CopyServerSideAsync(AzureBlobObject blob, IAzureCopyTarget lake, EntityWriter writer, CancellationToken ct)
    {
        var key = writer.KeyFor(blob.RelativeName);
        var uri = await client.CopySourceAsync(blob, source.Settings.CopySasLifetime, ct).ConfigureAwait(false);
        LakeObjectInfo copy;
        string? copyMd5;
        try
        {
            // Copied only while the source still has the listed ETag (a version is pinned by its id as well).
            (copy, copyMd5) = await lake.CopyFromAsync(uri, blob.ETag, key, ct).ConfigureAwait(false);
        }
        catch (LakeException ex) when (ex.InnerException is global::Azure.RequestFailedException failed)
        {
            throw AzureBlobErrors.Translate(failed, "copy", client.Where, source.Settings.Connection, blob.Container, blob.Name);
        }
        // The copy as the lake read it back once complete (its properties: size and ETag): it must have the source's size.
        var stored = copy;
        if (stored.Size != blob.Size || string.IsNullOrEmpty(stored.ETag))
        {
            throw new SourceException("integrity_mismatch",
                $"The lake holds {stored.Size.ToString(CultureInfo.InvariantCulture)} bytes (ETag {stored.ETag}) for '{key}' but container " +
                $"'{blob.Container}', blob '{blob.Name}' of {client.Where} has {blob.Size}; the run fails and the next run redoes the date.");
        }
        var md5Verified = Md5Verified(blob, copyMd5, key);
        AzureBlobLog.Copied(context.Logger, blob.Container, blob.Name, key, blob.Size, ServerSideCopy);
        return Output(blob, key, stored, sha256: null, ServerSideCopy, md5Verified);
    }

    private async Task<OutputObject> StreamAsync(AzureBlobObject blob, EntityWriter writer, CancellationToken ct)
    {
        using var download = await client.DownloadAsync(blob, ct).ConfigureAwait(false);
        var key = writer.KeyFor(blob.RelativeName);
        using var sniffer = writer.NewSniffer();
        var hashing = new HashingReadStream(download.Content, leaveOpen: true) 
        {
            Sniffer = sniffer,
            OnRead = n => writer.Progress.AddBytes(n),
            WithMd5 = blob.ContentMd5 is not null,
        };
        await using (hashing.ConfigureAwait(false))
        {
            try
            {
                await writer.Lake.PutAsync(key, hashing, download.Details.ContentType ?? "application/octet-stream", LakeDurability.Deferred, ct)
                    .ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or HttpRequestException)
            {
                throw new SourceException("connection_failed",
                    $"Reading container '{blob.Container}', blob '{blob.Name}' of {client.Where} broke off after {hashing.BytesRead} bytes: " +
                    $"{AzureTransience.Scrub(ex.Message)}; a later run will retry.", ex, isTransient: true);
            }
            if (hashing.BytesRead != blob.Size)
            {
                throw new SourceException("integrity_mismatch",
                    $"Container '{blob.Container}', blob '{blob.Name}' of {client.Where} was listed with {blob.Size} bytes but {hashing.BytesRead} " +
                    "were read; a later run will retry.", isTransient: true);
            }
            // The blob must still be the one listed once read: a rewrite during the download fails the object (object_changed).
            await client.HeadAsync(blob, ct).ConfigureAwait(false);
            var stored = await writer.Lake.HeadAsync(key, ct).ConfigureAwait(false);
            if (stored is null || stored.Size != blob.Size)
            {
                throw new SourceException("integrity_mismatch",
                    $"The lake holds {stored?.Size.ToString(CultureInfo.InvariantCulture) ?? "nothing"} bytes for '{key}' but container " +
                    $"'{blob.Container}', blob '{blob.Name}' has {blob.Size}; the run fails and the next run redoes the date.");
            }
            var md5Verified = hashing.Md5 is { } read && Md5Verified(blob, Convert.ToHexStringLower(read), key);
            AzureBlobLog.Copied(context.Logger, blob.Container, blob.Name, key, blob.Size, Streamed);
            return writer.WithSchema(Output(blob, key, stored, hashing.Sha256Hex, Streamed, md5Verified), sniffer);
        }
    }

    /// <summary>Whether the copy carries the source's Content-MD5; a different one means the bytes differ.</summary>
    private bool Md5Verified(AzureBlobObject blob, string? copyMd5, string key)
    {
        if (blob.ContentMd5 is null || copyMd5 is null)
        {
            return false;
        }
        if (!string.Equals(blob.ContentMd5, copyMd5, StringComparison.Ordinal))
        {
            throw new SourceException("integrity_mismatch",
                $"The lake's Content-MD5 {copyMd5} for '{key}' differs from {blob.ContentMd5} of container '{blob.Container}', blob " +
                $"'{blob.Name}' of {client.Where}; the run fails and the next run redoes the date.");
        }
        return true;
    }

    private OutputObject Output(AzureBlobObject blob, string key, LakeObjectInfo stored, string? sha256, string method, bool md5Verified)
    {
        var extra = new Dictionary<string, JsonElement>
        {
            ["source_container"] = ManifestFormat.Fact(blob.Container),
            ["source_blob"] = ManifestFormat.Fact(blob.Name),
            ["source_size"] = ManifestFormat.Fact(blob.Size),
            ["source_etag"] = ManifestFormat.Fact(blob.ETag),
            ["source_last_modified"] = ManifestFormat.Fact(blob.LastModified.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)),
            ["copy_method"] = ManifestFormat.Fact(method),
            ["content_md5_verified"] = ManifestFormat.Fact(md5Verified),
        };
        if (blob.VersionId is { } version)
        {
            extra["source_version_id"] = ManifestFormat.Fact(version);
        }
        if (blob.ContentMd5 is { } md5)
        {
            extra["source_content_md5"] = ManifestFormat.Fact(md5);
        }
        return new OutputObject
        {
            Key = key,
            Bytes = stored.Size,
            Sha256 = sha256,
            Etag = stored.ETag,
            SourcePath = client.PathOf(blob.Container, blob.Name),
            SourceModifiedAt = blob.LastModified,
            Extra = extra,
        };
    }
}
