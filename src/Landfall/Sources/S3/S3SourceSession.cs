using System.Globalization;
using System.Net;
using System.Text.Json;
using Amazon.S3;
using Amazon.S3.Model;
using Landfall.Lake;
using Landfall.Manifests;
using Landfall.S3;
using Landfall.Sources.Readiness;

namespace Landfall.Sources.S3;

/// <summary>One run of an s3 source: list, hold back unsettled dates, copy in parallel, verify every copy.</summary>
internal sealed class S3SourceSession(S3Source source, SourceRunContext context, S3SourceClient client) : ISourceSession
{
    public const string ServerSideCopy = "server_side_copy";
    public const string ServerSideMultipartCopy = "server_side_multipart_copy";
    public const string Streamed = "streamed";

    private readonly Dictionary<string, (List<S3SourceObject> Objects, Dictionary<string, JsonElement> Extra)> _prepared =
        new(StringComparer.Ordinal);

    public async Task PrepareAsync(string entity, CancellationToken cancellationToken)
    {
        var e = source.Entity(entity);
        var prefix = e.Prefix.Render(context.IngestDate);
        var where = $"s3://{e.Bucket}/{prefix}";
        var extra = new Dictionary<string, JsonElement>
        {
            ["bucket"] = ManifestFormat.Fact(e.Bucket),
            ["prefix"] = ManifestFormat.Fact(prefix),
            ["glob"] = ManifestFormat.Fact(e.Glob.Pattern),
        };
        if (source.Settings.Connection.Endpoint is not null)
        {
            extra["endpoint"] = ManifestFormat.Fact(source.Settings.Connection.Endpoint);
        }
        List<S3SourceObject> objects = [];
        // The readiness rules every file-like kind shares: quiet_period (min_age), settle_interval, done_marker.
        await FileReadiness.SettledAsync(e, context.IngestDate, source.Settings.Readiness, async ct =>
        {
            var (listed, markers) = await client.ListAsync(e, prefix, source.Settings.Readiness.DoneMarker, ct).ConfigureAwait(false);
            objects = listed;
            var files = listed.Select(o => new ListedFile(o.Key, o.RelativeName, o.RelativeName[(o.RelativeName.LastIndexOf('/') + 1)..], o.Size,
                o.LastModified)).ToList();
            return new FileSnapshot(listed.Count > 0, files, markers, context.Time.GetUtcNow());
        }, "object", $"under '{where}'", extra, context.Time, cancellationToken).ConfigureAwait(false);
        _prepared[entity] = (objects, extra);
    }

    public async Task<EntityOutput> ExtractAsync(string entity, EntityWriter writer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (!_prepared.ContainsKey(entity))
        {
            await PrepareAsync(entity, cancellationToken).ConfigureAwait(false);
        }
        var e = source.Entity(entity);
        var (objects, extra) = _prepared[entity];
        // An entity whose schema is read (format:) is streamed: a server-side copy never shows Landfall the bytes.
        var lake = source.Settings.ServerSideCopy && writer.Format is null && writer.Lake is IS3CopyTarget target
            && target.CanCopyFrom(source.Settings.Connection) ? target : null;
        S3SourceLog.Listed(context.Logger, context.Source, entity, e.Bucket, e.Prefix.Render(context.IngestDate), objects.Count,
            objects.Sum(o => o.Size), lake is null ? Streamed : ServerSideCopy);
        extra["copy"] = ManifestFormat.Fact(lake is null ? "streamed" : "server_side");
        if (objects.Count == 0)
        {
            return writer.ToOutput(empty: true, extra);
        }
        writer.Progress.Expect(objects: objects.Count, bytes: objects.Sum(o => o.Size));
        await writer.LandAllAsync(objects, source.Settings.MaxParallelCopies, async (item, ct) =>
        {
            if (source.BeforeCopy is { } hook)
            {
                await hook(item.Key, ct).ConfigureAwait(false);
            }
            return await LandAsync(item, lake, writer, ct).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
        return writer.ToOutput(extra: extra);
    }

    public ValueTask DisposeAsync()
    {
        client.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<OutputObject> LandAsync(S3SourceObject obj, IS3CopyTarget? lake, EntityWriter writer, CancellationToken ct)
    {
        try
        {
            return lake is null
                ? await StreamAsync(obj, writer, ct).ConfigureAwait(false)
                : await CopyServerSideAsync(obj, lake, writer, ct).ConfigureAwait(false);
        }
        catch (SourceException e) when (e.Reason == "object_changed" && obj.VersionId is null && obj.ListedETag is null)
        {
            if (await HeadDisagreesWithListingAsync(obj, ct).ConfigureAwait(false) is not { } current)
            {
                throw;
            }
            return await LandAsync(current, lake, writer, ct).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// After a condition on the listed ETag failed: whether the object is in fact unchanged (same size and modification time) and only
    /// the server's HEAD names it with another ETag than its listing. OpenStack Swift's s3api does that for an object copied from a
    /// multipart one: the listing has the MD5 of the bytes, HEAD and every If-Match the multipart ETag it carried over. Without this,
    /// such an object would fail every run as object_changed. The object is then landed pinned to HEAD's ETag, the listed one kept
    /// in the manifest (listed_etag). Null when the object really changed.
    /// </summary>
    private async Task<S3SourceObject?> HeadDisagreesWithListingAsync(S3SourceObject obj, CancellationToken ct)
    {
        var head = await client.HeadAsync(obj, ifMatch: false, ct).ConfigureAwait(false);
        var headETag = head.ETag?.Trim('"');
        var modified = S3Clients.ToInstant(head.LastModified);
        // S3 gives HEAD's Last-Modified to the second, listings sometimes to the millisecond.
        var sameTime = modified.ToUnixTimeSeconds() == obj.LastModified.ToUnixTimeSeconds();
        if (string.IsNullOrEmpty(headETag) || string.Equals(headETag, obj.ETag, StringComparison.OrdinalIgnoreCase)
            || head.ContentLength != obj.Size || !sameTime)
        {
            return null;
        }
        S3SourceLog.ETagListingDiffers(context.Logger, obj.Bucket, obj.Key, obj.ETag, headETag);
        return new S3SourceObject(obj.Bucket, obj.Key, obj.RelativeName, obj.Size, obj.LastModified, headETag, obj.HasChecksums)
        {
            ListedETag = obj.ETag,
        };
    }

    private async Task<OutputObject> CopyServerSideAsync(S3SourceObject obj, IS3CopyTarget lake, EntityWriter writer, CancellationToken ct)
    {
        // The copy is pinned to what the listing saw. On a versioned bucket the listed version is named in the copy (a version never
        // changes; a later overwrite makes a new one). Otherwise S3 copies only while the source still has the listed ETag
        // (x-amz-copy-source-if-match): that needs no extra request. Swift's s3api answers 412 to that condition for every multipart
        // source, so an unversioned multipart source is bracketed instead: HEAD with If-Match before and after the copy.
        // A HEAD is also what returns the additional checksums, when the listing says there are any.
        var pinned = obj.VersionId is not null;
        var conditional = obj.ETagInfo.Kind == ETagInfo.Md5;
        var bracket = !pinned && !conditional;
        GetObjectMetadataResponse? head = null;
        if (bracket || obj.HasChecksums)
        {
            head = await client.HeadAsync(obj, ifMatch: true, ct).ConfigureAwait(false);
            if (head.ContentLength != obj.Size)
            {
                throw new SourceException("object_changed",
                    $"s3://{obj.Bucket}/{obj.Key} was listed with {obj.Size} bytes but now has {head.ContentLength}; a later run will retry.",
                    isTransient: true);
            }
        }
        var key = writer.KeyFor(obj.RelativeName);
        var threshold = MultipartCopyThreshold(obj);
        var multipart = obj.Size > threshold;
        var version = obj.VersionId ?? S3SourceClient.VersionIdOrNull(head?.VersionId);
        string? copiedVersion;
        try
        {
            (_, copiedVersion) = await lake.CopyFromAsync(obj.Bucket, obj.Key, version, conditional ? obj.ETag : null, obj.Size, key,
                threshold, source.Settings.CopyPartSizeMiB * 1024L * 1024, source.Settings.CopyPartConcurrency, ct).ConfigureAwait(false);
            if (bracket)
            {
                await client.HeadAsync(obj, ifMatch: true, ct).ConfigureAwait(false);
            }
        }
        catch (LakeObjectNotFoundException ex)
        {
            throw Vanished(obj, ex);
        }
        catch (LakeException ex) when (ex.InnerException is AmazonS3Exception { StatusCode: HttpStatusCode.PreconditionFailed })
        {
            throw Changed(obj, ex);
        }
        catch (LakeException ex) when (ex.InnerException is AmazonS3Exception { StatusCode: HttpStatusCode.Forbidden } denied)
        {
            throw new SourceException("access_denied",
                $"S3 at {client.Where} denied the server-side copy of s3://{obj.Bucket}/{obj.Key} into the lake ({writer.Lake.Description}) " +
                $"({denied.ErrorCode}). The copy runs with the lake's credentials (the source's are the same), which must be allowed to " +
                $"read the source objects (s3:GetObject{(pinned ? " and s3:GetObjectVersion" : "")} on bucket '{obj.Bucket}' under the " +
                "prefix) and to write under the lake's prefix (s3:PutObject): check the bucket policies, IAM policy or ACLs of both " +
                "buckets. Not retried; the next run redoes the date.", ex);
        }
        var method = multipart ? ServerSideMultipartCopy : ServerSideCopy;
        var checksums = head is null ? [] : S3SourceClient.Checksums(head);
        var comparable = !multipart && !lake.EncryptsWithKms && head?.ServerSideEncryptionMethod != ServerSideEncryptionMethod.AWSKMS;
        // Without a HEAD before the copy, the source's encryption is unknown: an SSE-KMS source has an ETag that is not an MD5.
        Func<CancellationToken, Task<bool>>? recheck = head is not null ? null : async c =>
            (await client.HeadAsync(obj, ifMatch: true, c).ConfigureAwait(false)).ServerSideEncryptionMethod != ServerSideEncryptionMethod.AWSKMS;
        return await VerifyAsync(obj, writer.Lake, key, sha256: null, version ?? S3SourceClient.VersionIdOrNull(copiedVersion), checksums,
            method, comparable, ct, recheck).ConfigureAwait(false);
    }

    private Task<OutputObject> StreamAsync(S3SourceObject obj, EntityWriter writer, CancellationToken ct) =>
        client.TransferAsync(obj, c => StreamOnceAsync(obj, writer, c), ct);

    private async Task<OutputObject> StreamOnceAsync(S3SourceObject obj, EntityWriter writer, CancellationToken ct)
    {
        using var response = await client.GetAsync(obj, ct).ConfigureAwait(false);
        var key = writer.KeyFor(obj.RelativeName);
        using var sniffer = writer.NewSniffer();
        var body = client.Body(response, obj);
        await using var bodyScope = body.ConfigureAwait(false);
        var hashing = new HashingReadStream(body, leaveOpen: true) { Sniffer = sniffer };
        await using (hashing.ConfigureAwait(false))
        {
            LakeObjectInfo put;
            try
            {
                put = await writer.Lake.PutAsync(key, hashing, response.Headers.ContentType ?? "application/octet-stream", ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or HttpRequestException or TimeoutException && !ct.IsCancellationRequested)
            {
                // Nothing of a broken attempt is stored under the key (a put whose body fails is never completed), so the next
                // attempt writes it afresh.
                throw new BrokenReadException(
                    $"Reading s3://{obj.Bucket}/{obj.Key} at {client.Where} broke off after {hashing.BytesRead} bytes: {ex.Message}; " +
                    "a later run will retry.", ex);
            }
            if (hashing.BytesRead != obj.Size)
            {
                throw new SourceException("integrity_mismatch",
                    $"s3://{obj.Bucket}/{obj.Key} was listed with {obj.Size} bytes but {hashing.BytesRead} were read; a later run will retry.",
                    isTransient: true);
            }
            var checksums = S3SourceClient.Checksums(response);
            // A lake put in one piece has the MD5 of what it stored as ETag: equal to a plain source ETag when nothing changed on the way.
            var comparable = put.ETag is not null && !put.ETag.Contains('-')
                && writer.Lake is not IS3CopyTarget { EncryptsWithKms: true }
                && response.ServerSideEncryptionMethod != ServerSideEncryptionMethod.AWSKMS;
            return writer.WithSchema(await VerifyAsync(obj, writer.Lake, key, hashing.Sha256Hex,
                obj.VersionId ?? S3SourceClient.VersionIdOrNull(response.VersionId), checksums, Streamed, comparable, ct).ConfigureAwait(false), sniffer);
        }
    }

    /// <summary>HEADs the copy in the lake: its size must be the source's, and its ETag too where S3's rules make them comparable.</summary>
    private async Task<OutputObject> VerifyAsync(S3SourceObject obj, ILake lake, string key, string? sha256, string? versionId,
        Dictionary<string, string> checksums, string method, bool etagComparable, CancellationToken ct,
        Func<CancellationToken, Task<bool>>? stillComparable = null)
    {
        var stored = await lake.HeadAsync(key, ct).ConfigureAwait(false);
        if (stored is null || stored.Size != obj.Size)
        {
            throw new SourceException("integrity_mismatch",
                $"The lake holds {stored?.Size.ToString(CultureInfo.InvariantCulture) ?? "nothing"} bytes for '{key}' but " +
                $"s3://{obj.Bucket}/{obj.Key} has {obj.Size}; the run fails and the next run redoes the date.");
        }
        var verified = etagComparable && obj.ETagInfo.Kind == ETagInfo.Md5 && stored.ETag is not null;
        if (verified && !string.Equals(stored.ETag, obj.ETag, StringComparison.OrdinalIgnoreCase) && stillComparable is not null)
        {
            verified = await stillComparable(ct).ConfigureAwait(false);
        }
        if (verified && !string.Equals(stored.ETag, obj.ETag, StringComparison.OrdinalIgnoreCase))
        {
            throw new SourceException("integrity_mismatch",
                $"The lake's ETag '{stored.ETag}' for '{key}' differs from the source ETag '{obj.ETag}' of s3://{obj.Bucket}/{obj.Key} " +
                "(both are MD5s of the bytes); the run fails and the next run redoes the date.");
        }
        S3SourceLog.Copied(context.Logger, obj.Bucket, obj.Key, key, obj.Size, method);
        var extra = Facts(obj, method, verified, versionId, checksums);
        return new OutputObject
        {
            Key = key,
            Bytes = stored.Size,
            Sha256 = sha256,
            Etag = stored.ETag,
            SourcePath = $"s3://{obj.Bucket}/{obj.Key}",
            SourceModifiedAt = obj.LastModified,
            Extra = extra,
        };
    }

    /// <summary>The source-specific fields of one object in the manifest (see docs/sources/s3.md).</summary>
    internal static Dictionary<string, JsonElement> Facts(S3SourceObject obj, string method, bool etagVerified, string? versionId,
        IReadOnlyDictionary<string, string> checksums)
    {
        var extra = new Dictionary<string, JsonElement>
        {
            ["source_bucket"] = ManifestFormat.Fact(obj.Bucket),
            ["source_key"] = ManifestFormat.Fact(obj.Key),
            ["source_size"] = ManifestFormat.Fact(obj.Size),
            ["source_etag"] = ManifestFormat.Fact(obj.ETag),
            ["etag_kind"] = ManifestFormat.Fact(obj.ETagInfo.Kind),
            ["copy_method"] = ManifestFormat.Fact(method),
            ["etag_verified"] = ManifestFormat.Fact(etagVerified),
        };
        if (obj.ListedETag is { } listed)
        {
            extra["listed_etag"] = ManifestFormat.Fact(listed);
        }
        if (obj.ETagInfo.Parts is { } parts)
        {
            extra["source_parts"] = ManifestFormat.Fact(parts);
        }
        if (S3SourceClient.VersionIdOrNull(versionId) is { } version)
        {
            extra["source_version_id"] = ManifestFormat.Fact(version);
        }
        if (checksums.Count > 0)
        {
            extra["source_checksums"] = ManifestFormat.Fact(checksums);
        }
        return extra;
    }

    /// <summary>
    /// Objects above this size are copied in UploadPartCopy parts. A source with a multipart ETag is split above
    /// multipart_copy_threshold_mib: its ETag is comparable with no copy's, so nothing is lost. A source with a plain MD5 ETag is
    /// copied whole up to S3's CopyObject limit (5 GiB), so the lake's ETag stays comparable with it (a multipart copy's ETag is an
    /// md5-of-parts-N); above that limit S3 leaves no choice.
    /// </summary>
    private long MultipartCopyThreshold(S3SourceObject obj) => 1024L * 1024 * (obj.ETagInfo.Kind == ETagInfo.Md5
        ? Math.Max(source.Settings.MultipartCopyThresholdMiB, S3SourceSettings.CopyObjectLimitMiB)
        : source.Settings.MultipartCopyThresholdMiB);

    private static SourceException Vanished(S3SourceObject obj, Exception inner) => new("object_vanished",
        $"s3://{obj.Bucket}/{obj.Key} was listed but is gone; it was deleted or replaced while the run copied. Nothing of this run " +
        "counts; a later run starts over.", inner, isTransient: true);

    private static SourceException Changed(S3SourceObject obj, Exception inner) => new("object_changed",
        $"s3://{obj.Bucket}/{obj.Key} changed after it was listed (its ETag no longer matches); a later run will retry once the writer is done.",
        inner, isTransient: true);
}
