using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Landfall.Resilience;
using Landfall.S3;
using Landfall.Sources.Readiness;
using Microsoft.Extensions.Logging;
using Polly;

namespace Landfall.Sources.S3;

/// <summary>
/// The source side of an s3 source: listing, HEAD and GET with the source's own endpoint and credentials. Transient failures
/// (throttling, 5xx, network) are retried with exponential backoff and jitter, each attempt logged; every S3 error becomes a
/// <see cref="SourceException"/> with a stable reason.
/// </summary>
internal sealed class S3SourceClient : IDisposable
{
    private readonly AmazonS3Client _s3;
    private readonly S3ConnectionSettings _settings;
    private readonly ResiliencePipeline _retry;
    private readonly S3Deadlines _deadlines;
    private readonly ResiliencePipeline _transfers;

    public S3SourceClient(S3ConnectionSettings settings, ILogger logger, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _settings = settings;
        _s3 = S3Clients.Create(settings,
            profile => new SourceException("auth_failed", $"AWS profile '{profile}' (the source's profile) was not found in the shared " +
                "config files (~/.aws/config, ~/.aws/credentials)."));
        _deadlines = new S3Deadlines(settings, time);
        // A broken body read is retried whole; every other failure was already retried (or is final) inside the transfer.
        _transfers = RetryPipelines.Create(new RetryOptions { MaxAttempts = settings.MaxAttempts }, e => e is BrokenReadException,
            time, r => S3SourceLog.Retry(logger, r.Operation, r.Target, r.Attempt, r.Delay.TotalMilliseconds, r.Message));
        _retry = RetryPipelines.Create(new RetryOptions { MaxAttempts = settings.MaxAttempts }, S3Transience.IsTransient, time,
            r => S3SourceLog.Retry(logger, r.Operation, r.Target, r.Attempt, r.Delay.TotalMilliseconds, r.Message));
    }

    /// <summary>Where the source is, for messages (no secrets).</summary>
    public string Where => _settings.Where;

    /// <summary>
    /// Every object under <paramref name="prefix"/> whose name matches the entity's glob, in key order, across all pages. On a bucket
    /// with versioning (enabled or suspended) the listing is ListObjectVersions' current versions (delete markers leave the key out),
    /// so each object carries the version the copy will name.
    /// </summary>
    public async Task<List<S3SourceObject>> ListAsync(S3Entity entity, string prefix, CancellationToken cancellationToken) =>
        (await ListAsync(entity, prefix, marker: null, cancellationToken).ConfigureAwait(false)).Objects;

    /// <summary>As <see cref="ListAsync(S3Entity, string, CancellationToken)"/>, with the keys of the done markers present.</summary>
    public async Task<(List<S3SourceObject> Objects, HashSet<string> Markers)> ListAsync(S3Entity entity, string prefix, DoneMarker? marker,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entity);
        var listing = new Listing(entity, prefix, marker);
        if (await IsVersionedAsync(entity.Bucket, prefix, cancellationToken).ConfigureAwait(false))
        {
            await ListVersionsAsync(listing, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await ListCurrentAsync(listing, cancellationToken).ConfigureAwait(false);
        }
        return (listing.Objects, listing.Markers);
    }

    /// <summary>What one listing collects: the entity's objects and the done markers beside them.</summary>
    private sealed class Listing(S3Entity entity, string prefix, DoneMarker? marker)
    {
        public S3Entity Entity { get; } = entity;

        public string Prefix { get; } = prefix;

        public List<S3SourceObject> Objects { get; } = [];

        public HashSet<string> Markers { get; } = new(StringComparer.Ordinal);

        /// <summary>Adds a listed object when it belongs to the entity, or its key when it is a done marker.</summary>
        public void Add(string key, long? size, DateTime? modified, string? etag, List<string>? checksums, string? versionId)
        {
            var relative = key[Prefix.Length..];
            if (relative.Length == 0 || relative.EndsWith('/'))
            {
                return;
            }
            var name = relative[(relative.LastIndexOf('/') + 1)..];
            if (marker is not null && marker.IsMarker(name))
            {
                Markers.Add(key);
            }
            else if (Entity.Glob.IsMatch(name))
            {
                Objects.Add(new S3SourceObject(Entity.Bucket, key, relative, size ?? 0, S3Clients.ToInstant(modified), etag?.Trim('"') ?? "",
                    checksums is { Count: > 0 }, versionId));
            }
        }
    }

    /// <summary>
    /// Whether the bucket has (or had) versioning. Credentials that may list but not read the versioning configuration
    /// (s3:GetBucketVersioning is a permission of its own on AWS) get the plain listing; the copy then records the version S3 reports.
    /// </summary>
    private async Task<bool> IsVersionedAsync(string bucket, string prefix, CancellationToken cancellationToken)
    {
        try
        {
            var response = await ExecuteAsync("get_versioning", bucket, prefix,
                ct => _s3.GetBucketVersioningAsync(new GetBucketVersioningRequest { BucketName = bucket }, ct), cancellationToken)
                .ConfigureAwait(false);
            var status = response.VersioningConfig?.Status;
            return status == VersionStatus.Enabled || status == VersionStatus.Suspended;
        }
        catch (SourceException e) when (e.Reason is "access_denied" or "source_error")
        {
            // Denied, or a server without the versioning API (NotImplemented): the listing decides, and names its own failure.
            return false;
        }
    }

    private async Task ListCurrentAsync(Listing listing, CancellationToken cancellationToken)
    {
        var (entity, prefix) = (listing.Entity, listing.Prefix);
        string? token = null;
        do
        {
            var request = new ListObjectsV2Request
            {
                BucketName = entity.Bucket,
                Prefix = prefix,
                Delimiter = entity.Recursive ? null : "/",
                ContinuationToken = token,
                MaxKeys = 1000,
            };
            var page = await ExecuteAsync("list", entity.Bucket, prefix, ct => _s3.ListObjectsV2Async(request, ct), cancellationToken)
                .ConfigureAwait(false);
            // SDK v4 returns null, not empty, collections.
            foreach (var o in page.S3Objects ?? [])
            {
                listing.Add(o.Key, o.Size, o.LastModified, o.ETag, o.ChecksumAlgorithm, versionId: null);
            }
            token = page.IsTruncated == true ? page.NextContinuationToken : null;
        }
        while (token is not null);
    }

    private async Task ListVersionsAsync(Listing listing, CancellationToken cancellationToken)
    {
        var (entity, prefix) = (listing.Entity, listing.Prefix);
        string? keyMarker = null;
        string? versionMarker = null;
        do
        {
            var request = new ListVersionsRequest
            {
                BucketName = entity.Bucket,
                Prefix = prefix,
                Delimiter = entity.Recursive ? null : "/",
                KeyMarker = keyMarker,
                VersionIdMarker = versionMarker,
                MaxKeys = 1000,
            };
            var page = await ExecuteAsync("list_versions", entity.Bucket, prefix, ct => _s3.ListVersionsAsync(request, ct), cancellationToken)
                .ConfigureAwait(false);
            // The current version of each key; a key whose current version is a delete marker is deleted.
            foreach (var v in (page.Versions ?? []).Where(v => v.IsLatest == true && v.IsDeleteMarker != true))
            {
                listing.Add(v.Key, v.Size, v.LastModified, v.ETag, v.ChecksumAlgorithm, VersionIdOrNull(v.VersionId));
            }
            (keyMarker, versionMarker) = page.IsTruncated == true ? (page.NextKeyMarker, page.NextVersionIdMarker) : (null, null);
        }
        while (keyMarker is not null);
    }

    /// <summary>A version id worth recording and naming: S3 reports "null" for objects written without versioning.</summary>
    internal static string? VersionIdOrNull(string? versionId) => string.IsNullOrEmpty(versionId) || versionId == "null" ? null : versionId;

    /// <summary>
    /// HEAD of the object with its additional checksums: with <paramref name="ifMatch"/>, of the object as listed (fails with
    /// object_changed when its ETag moved on); without, whatever the object is now.
    /// </summary>
    public Task<GetObjectMetadataResponse> HeadAsync(S3SourceObject obj, bool ifMatch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var request = new GetObjectMetadataRequest
        {
            BucketName = obj.Bucket,
            Key = obj.Key,
            VersionId = obj.VersionId,
            EtagToMatch = ifMatch ? Quote(obj.ETag) : null,
            ChecksumMode = ChecksumMode.ENABLED,
        };
        return ExecuteAsync("head", obj.Bucket, obj.Key, ct => _s3.GetObjectMetadataAsync(request, ct), cancellationToken);
    }

    /// <summary>GET of the object as listed (fails with object_changed when its ETag moved on). The caller disposes the response.</summary>
    public Task<GetObjectResponse> GetAsync(S3SourceObject obj, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var request = new GetObjectRequest
        {
            BucketName = obj.Bucket,
            Key = obj.Key,
            VersionId = obj.VersionId,
            EtagToMatch = Quote(obj.ETag),
            ChecksumMode = ChecksumMode.ENABLED,
        };
        return ExecuteAsync("get", obj.Bucket, obj.Key, ct => _s3.GetObjectAsync(request, ct), cancellationToken);
    }

    /// <summary>The body of a GET under stall_timeout: a read that brings no byte for that long fails and drops the connection.</summary>
    public Stream Body(GetObjectResponse response, S3SourceObject obj)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(obj);
        return _deadlines.Body(response.ResponseStream, $"S3 get of s3://{obj.Bucket}/{obj.Key}", response.Dispose);
    }

    /// <summary>
    /// Runs a whole transfer (a GET and the read of its body) as attempts of the one retry policy: a body that breaks off or stalls
    /// midway is read again from its first byte, logged as a retry, up to max_attempts.
    /// </summary>
    public Task<T> TransferAsync<T>(S3SourceObject obj, Func<CancellationToken, Task<T>> transfer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(obj);
        return _transfers.ExecuteAsync("read", $"s3://{obj.Bucket}/{obj.Key}", transfer, cancellationToken);
    }

    public void Dispose() => _s3.Dispose();

    /// <summary>The x-amz-checksum-* values of a HEAD (asked with ChecksumMode ENABLED), by algorithm.</summary>
    public static Dictionary<string, string> Checksums(GetObjectMetadataResponse head)
    {
        ArgumentNullException.ThrowIfNull(head);
        return Checksums(head.ChecksumCRC32, head.ChecksumCRC32C, head.ChecksumCRC64NVME, head.ChecksumSHA1, head.ChecksumSHA256);
    }

    /// <summary>The x-amz-checksum-* values of a GET (asked with ChecksumMode ENABLED), by algorithm.</summary>
    public static Dictionary<string, string> Checksums(GetObjectResponse get)
    {
        ArgumentNullException.ThrowIfNull(get);
        return Checksums(get.ChecksumCRC32, get.ChecksumCRC32C, get.ChecksumCRC64NVME, get.ChecksumSHA1, get.ChecksumSHA256);
    }

    /// <summary>The x-amz-checksum-* values S3 returned, by algorithm (crc32, crc32c, crc64nvme, sha1, sha256).</summary>
    public static Dictionary<string, string> Checksums(
        string? crc32, string? crc32c, string? crc64nvme, string? sha1, string? sha256)
    {
        var all = new Dictionary<string, string>(StringComparer.Ordinal);
        void Add(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                all[name] = value;
            }
        }
        Add("crc32", crc32);
        Add("crc32c", crc32c);
        Add("crc64nvme", crc64nvme);
        Add("sha1", sha1);
        Add("sha256", sha256);
        return all;
    }

    private async Task<T> ExecuteAsync<T>(string operation, string bucket, string key, Func<CancellationToken, Task<T>> call,
        CancellationToken cancellationToken)
    {
        try
        {
            return await _retry.ExecuteAsync(operation, $"s3://{bucket}/{key}",
                ct => _deadlines.RequestAsync($"S3 {operation} of s3://{bucket}/{key}", call, ct), cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonS3Exception e)
        {
            throw Translate(e, operation, bucket, key);
        }
        catch (Exception e) when (e is AmazonServiceException or AmazonClientException or HttpRequestException or IOException or TimeoutException
            || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new SourceException("connection_failed",
                $"S3 {operation} of s3://{bucket}/{key} at {Where} failed after {_settings.MaxAttempts} attempt(s): {e.Message}; " +
                "check the endpoint and the network, a later run will retry.", e, isTransient: true);
        }
    }

    private SourceException Translate(AmazonS3Exception e, string operation, string bucket, string key) => e switch
    {
        { ErrorCode: "NoSuchBucket" } => new SourceException("bucket_not_found",
            $"Source bucket '{bucket}' does not exist at {Where}; create it or fix the entity's bucket.", e),
        { StatusCode: HttpStatusCode.NotFound } when operation == "list" => new SourceException("bucket_not_found",
            $"Source bucket '{bucket}' was not found at {Where} ({e.ErrorCode}); create it or fix the entity's bucket.", e),
        { StatusCode: HttpStatusCode.NotFound } => new SourceException("object_vanished",
            $"s3://{bucket}/{key} was listed but is gone ({operation} answered 404); it was deleted or replaced while the run copied. " +
            "Nothing of this run counts; a later run starts over.", e, isTransient: true),
        { StatusCode: HttpStatusCode.PreconditionFailed } => new SourceException("object_changed",
            $"s3://{bucket}/{key} changed after it was listed (its ETag no longer matches); a later run will retry once the writer is done.",
            e, isTransient: true),
        { ErrorCode: "InvalidAccessKeyId" or "SignatureDoesNotMatch" or "InvalidToken" or "ExpiredToken" or "InvalidSecurity" } =>
            new SourceException("auth_failed",
                $"S3 at {Where} rejected the source's credentials ({e.ErrorCode}) for {operation} of s3://{bucket}/{key}; " +
                "check access_key_id/secret_access_key, the profile or the credential chain.", e),
        { StatusCode: HttpStatusCode.Forbidden } => AccessDenied(e, operation, bucket, key),
        _ when S3Transience.IsTransient(e) => new SourceException(
            e.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable || e.ErrorCode is "SlowDown" or "Throttling"
                ? "throttled" : "source_unavailable",
            $"S3 {operation} of s3://{bucket}/{key} at {Where} still failed after {_settings.MaxAttempts} attempt(s): " +
            $"{(int)e.StatusCode} {e.ErrorCode}: {e.Message}; a later run will retry.", e, isTransient: true),
        _ => new SourceException("source_error",
            $"S3 {operation} of s3://{bucket}/{key} at {Where} failed: {(int)e.StatusCode} {e.ErrorCode}: {e.Message}", e),
    };

    /// <summary>
    /// The source's credentials are valid (S3 knew them) but may not do <paramref name="operation"/>: a permanent failure of this
    /// date until someone changes a policy, so no retry; the message says which permission on which bucket and prefix to check.
    /// </summary>
    private SourceException AccessDenied(AmazonS3Exception e, string operation, string bucket, string key)
    {
        var (what, permission) = operation switch
        {
            "list" => ($"list s3://{bucket}/{key}", "s3:ListBucket on the bucket for this prefix"),
            "list_versions" => ($"list the versions under s3://{bucket}/{key}", "s3:ListBucketVersions on the bucket for this prefix"),
            "get_versioning" => ($"read the versioning configuration of bucket '{bucket}'", "s3:GetBucketVersioning on the bucket"),
            _ => ($"{(operation == "head" ? "read the metadata of" : "read")} s3://{bucket}/{key}",
                "s3:GetObject (and s3:GetObjectVersion on a versioned bucket) on the objects under the prefix"),
        };
        return new SourceException("access_denied",
            $"S3 at {Where} denied the source's credentials permission to {what} ({e.ErrorCode}). The credentials are valid; check " +
            $"that the bucket policy, IAM policy or ACL grants {permission} to the source's access key. Not retried; the next run " +
            "redoes the date.", e);
    }

    private static string Quote(string etag) => etag.StartsWith('"') ? etag : $"\"{etag}\"";
}
