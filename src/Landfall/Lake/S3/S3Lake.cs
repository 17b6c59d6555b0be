using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Landfall.Diagnostics;
using Landfall.Resilience;
using Landfall.S3;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;

namespace Landfall.Lake.S3;

/// <summary>
/// A lake in an S3 bucket (AWS or S3-compatible). Puts stream in parts of bounded size: a small object is one PutObject,
/// a larger one a multipart upload; either way at most two parts are held in memory. Transient failures (throttling,
/// 5xx, network) are retried with exponential backoff and jitter, each attempt logged. Chunked upload encoding is off
/// because several S3-compatible servers reject it.
/// </summary>
internal sealed partial class S3Lake : ILake, IDisposable
{
    private readonly IAmazonS3 _s3;
    private readonly S3LakeSettings _settings;
    private readonly ILogger _logger;
    private readonly ResiliencePipeline _retry;
    private readonly string _root;
    private readonly S3Deadlines _deadlines;

    /// <summary>Creates the lake from its settings.</summary>
    public S3Lake(S3LakeSettings settings, ILogger? logger = null, TimeProvider? time = null)
        : this(CreateClient(settings), settings, logger, time)
    {
    }

    internal S3Lake(IAmazonS3 s3, S3LakeSettings settings, ILogger? logger, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _s3 = s3;
        _settings = settings;
        _logger = logger ?? NullLogger.Instance;
        _root = settings.Prefix.Length == 0 ? "" : settings.Prefix + "/";
        _deadlines = new S3Deadlines(settings.Connection, time ?? TimeProvider.System);
        _retry = RetryPipelines.Create(new RetryOptions { MaxAttempts = settings.Connection.MaxAttempts }, S3Transience.IsTransient,
            time ?? TimeProvider.System, r => Log.LakeRetry(_logger, r.Operation, r.Target, r.Attempt, r.Delay.TotalMilliseconds, r.Message));
    }

    /// <inheritdoc />
    public string Description => _settings.Description;

    /// <inheritdoc />
    public string UriOf(string key) => $"s3://{_settings.Bucket}/{_root}{key}";

    private int PartSize => _settings.PartSizeMiB * 1024 * 1024;

    /// <inheritdoc />
    public async Task<LakeObjectInfo> PutAsync(string key, Stream content, string contentType, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        LakeKey.Validate(key);
        var fullKey = _root + key;
        var first = new byte[PartSize];
        var firstLength = await FillAsync(content, first, cancellationToken).ConfigureAwait(false);
        if (firstLength < first.Length)
        {
            var response = await UploadAsync("put", key, async (watch, ct) =>
            {
                var request = new PutObjectRequest
                {
                    BucketName = _settings.Bucket,
                    Key = fullKey,
                    InputStream = watch(new MemoryStream(first, 0, firstLength, writable: false)),
                    ContentType = contentType,
                    UseChunkEncoding = false,
                    AutoCloseStream = true,
                };
                if (_settings.KmsKeyId is not null)
                {
                    request.ServerSideEncryptionMethod = ServerSideEncryptionMethod.AWSKMS;
                    request.ServerSideEncryptionKeyManagementServiceKeyId = _settings.KmsKeyId;
                }
                return await _s3.PutObjectAsync(request, ct).ConfigureAwait(false);
            }, cancellationToken).ConfigureAwait(false);
            return new LakeObjectInfo(key, firstLength, DateTimeOffset.UtcNow, Unquote(response.ETag));
        }
        return await MultipartAsync(key, fullKey, content, contentType, first, cancellationToken).ConfigureAwait(false);
    }

    private async Task<LakeObjectInfo> MultipartAsync(
        string key, string fullKey, Stream content, string contentType, byte[] first, CancellationToken cancellationToken)
    {
        var init = new InitiateMultipartUploadRequest { BucketName = _settings.Bucket, Key = fullKey, ContentType = contentType };
        if (_settings.KmsKeyId is not null)
        {
            init.ServerSideEncryptionMethod = ServerSideEncryptionMethod.AWSKMS;
            init.ServerSideEncryptionKeyManagementServiceKeyId = _settings.KmsKeyId;
        }
        var initiated = await ExecuteAsync("initiate_multipart", key, ct => _s3.InitiateMultipartUploadAsync(init, ct), cancellationToken)
            .ConfigureAwait(false);
        var parts = new List<PartETag>();
        long total = 0;
        Task<PartETag>? pending = null;
        try
        {
            // Read part N+1 while part N uploads: two buffers, so memory stays at two parts whatever the size.
            byte[][] buffers = [first, new byte[PartSize]];
            var current = 0;
            var length = first.Length;
            var partNumber = 1;
            while (length > 0)
            {
                var part = UploadPartAsync(key, fullKey, initiated.UploadId, partNumber++, buffers[current], length, cancellationToken);
                total += length;
                if (pending is not null)
                {
                    parts.Add(await pending.ConfigureAwait(false));
                }
                pending = part;
                current = 1 - current;
                length = await FillAsync(content, buffers[current], cancellationToken).ConfigureAwait(false);
            }
            if (pending is not null)
            {
                parts.Add(await pending.ConfigureAwait(false));
                pending = null;
            }
            var complete = new CompleteMultipartUploadRequest
            {
                BucketName = _settings.Bucket,
                Key = fullKey,
                UploadId = initiated.UploadId,
                PartETags = parts,
            };
            var done = await ExecuteAsync("complete_multipart", key, ct => _s3.CompleteMultipartUploadAsync(complete, ct), cancellationToken)
                .ConfigureAwait(false);
            return new LakeObjectInfo(key, total, DateTimeOffset.UtcNow, Unquote(done.ETag));
        }
        catch
        {
            try
            {
                if (pending is not null)
                {
                    await pending.ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is LandfallException or OperationCanceledException)
            {
                // Already failing; the first error is the one reported.
            }
            try
            {
                using var abortTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await _s3.AbortMultipartUploadAsync(_settings.Bucket, fullKey, initiated.UploadId, abortTimeout.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is AmazonServiceException or HttpRequestException or OperationCanceledException or IOException)
            {
                // Leftover parts are never referenced by a manifest; a bucket lifecycle rule cleans them up.
                Log.LakeRetry(_logger, "abort_multipart", key, 0, 0, e.Message);
            }
            throw;
        }
    }

    private Task<PartETag> UploadPartAsync(string key, string fullKey, string uploadId, int partNumber, byte[] buffer, int length,
        CancellationToken cancellationToken) =>
        UploadAsync("upload_part", key, async (watch, ct) =>
        {
            var response = await _s3.UploadPartAsync(new UploadPartRequest
            {
                BucketName = _settings.Bucket,
                Key = fullKey,
                UploadId = uploadId,
                PartNumber = partNumber,
                PartSize = length,
                InputStream = watch(new MemoryStream(buffer, 0, length, writable: false)),
                UseChunkEncoding = false,
            }, ct).ConfigureAwait(false);
            return new PartETag(partNumber, response.ETag);
        }, cancellationToken);

    /// <summary>The lake's settings.</summary>
    public S3LakeSettings Settings => _settings;

    /// <inheritdoc />
    public async Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken)
    {
        LakeKey.Validate(key);
        var response = await ExecuteAsync("get", key, ct => _s3.GetObjectAsync(_settings.Bucket, _root + key, ct), cancellationToken)
            .ConfigureAwait(false);
        return new S3ResponseStream(response, body => _deadlines.Body(body, $"S3 get of '{key}'", response.Dispose));
    }

    /// <inheritdoc />
    public Task<byte[]> ReadAllAsync(string key, long maxBytes, CancellationToken cancellationToken)
    {
        LakeKey.Validate(key);
        // The GET and the whole body are one attempt of the one retry policy: a reset or a stall midway reads the object again.
        return ExecuteAsync("get", key, async ct =>
        {
            using var response = await _deadlines.RequestAsync(What("get", key), c => _s3.GetObjectAsync(_settings.Bucket, _root + key, c), ct)
                .ConfigureAwait(false);
            if (response.ContentLength > maxBytes)
            {
                throw new LakeObjectTooLargeException(key, response.ContentLength, maxBytes);
            }
            var body = _deadlines.Body(response.ResponseStream, $"S3 get of '{key}'", response.Dispose);
            await using (body.ConfigureAwait(false))
            {
                return await LakeExtensions.ReadBoundedAsync(body, key, maxBytes, ct).ConfigureAwait(false);
            }
        }, cancellationToken, body: true);
    }

    /// <inheritdoc />
    public async Task<LakeObjectInfo?> HeadAsync(string key, CancellationToken cancellationToken)
    {
        LakeKey.Validate(key);
        try
        {
            var head = await ExecuteAsync("head", key, ct => _s3.GetObjectMetadataAsync(_settings.Bucket, _root + key, ct), cancellationToken)
                .ConfigureAwait(false);
            return new LakeObjectInfo(key, head.ContentLength, S3Clients.ToInstant(head.LastModified), Unquote(head.ETag));
        }
        catch (LakeObjectNotFoundException)
        {
            return null;
        }
    }

    /// <inheritdoc />
    public async Task<LakeListPage> ListPageAsync(string prefix, string? delimiter, string? continuationToken, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var response = await ExecuteAsync("list", prefix, ct => _s3.ListObjectsV2Async(new ListObjectsV2Request
        {
            BucketName = _settings.Bucket,
            Prefix = _root + prefix,
            Delimiter = delimiter,
            ContinuationToken = continuationToken,
            MaxKeys = 1000,
        }, ct), cancellationToken).ConfigureAwait(false);
        // SDK v4 returns null, not empty, collections.
        var objects = (response.S3Objects ?? [])
            .Select(o => new LakeObjectInfo(o.Key[_root.Length..], o.Size ?? 0, S3Clients.ToInstant(o.LastModified), Unquote(o.ETag)))
            .ToList();
        var prefixes = (response.CommonPrefixes ?? []).Select(p => p[_root.Length..]).ToList();
        return new LakeListPage(objects, prefixes, response.IsTruncated == true ? response.NextContinuationToken : null);
    }

    /// <inheritdoc />
    public void Dispose() => _s3.Dispose();

    /// <summary>
    /// A call under its deadline (request_timeout; copy_timeout for the server-side copies, which answer only when done; with
    /// <paramref name="body"/>, request_timeout for the answer and stall_timeout for each read of the body), retried by the policy.
    /// </summary>
    private Task<T> ExecuteAsync<T>(string operation, string key, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken,
        bool body = false) =>
        RetryAsync(operation, key, ct => operation is "copy" or "upload_part_copy" or "complete_multipart"
            ? _deadlines.LongRequestAsync(What(operation, key), _settings.CopyTimeout, S3LakeSettings.CopyTimeoutSetting.Key, call, ct)
            : body ? call(ct) : _deadlines.RequestAsync(What(operation, key), call, ct), cancellationToken);

    /// <summary>An upload (its body read through the wrapper given) under stall_timeout, retried by the policy.</summary>
    private Task<T> UploadAsync<T>(string operation, string key, Func<Func<Stream, Stream>, CancellationToken, Task<T>> call,
        CancellationToken cancellationToken) =>
        RetryAsync(operation, key, ct => _deadlines.UploadAsync(What(operation, key), call, ct), cancellationToken);

    private static string What(string operation, string key) => $"S3 {operation} of '{key}'";

    private async Task<T> RetryAsync<T>(string operation, string key, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await _retry.ExecuteAsync(operation, key, call, cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound && e.ErrorCode is not "NoSuchBucket")
        {
            throw new LakeObjectNotFoundException(key, e);
        }
        catch (AmazonS3Exception e)
        {
            throw Translate(e, operation, key);
        }
        catch (Exception e) when (e is AmazonServiceException or AmazonClientException or HttpRequestException or IOException or TimeoutException
            || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new LakeException($"S3 {operation} of '{key}' in {Description} failed after {_settings.Connection.MaxAttempts} attempt(s): " +
                $"{e.Message}", e, isTransient: true);
        }
    }

    private LakeException Translate(AmazonS3Exception e, string operation, string key) => e switch
    {
        { ErrorCode: "NoSuchBucket" } => new LakeException(
            $"Bucket '{_settings.Bucket}' does not exist at {_settings.Connection.Where}; create it or fix lake.bucket.", e),
        { StatusCode: HttpStatusCode.Forbidden } => new LakeException(
            $"Access denied by S3 for {operation} of '{key}' in bucket '{_settings.Bucket}' ({e.ErrorCode}); check the credentials and " +
            "the bucket policy.", e),
        { StatusCode: HttpStatusCode.NotImplemented } => new LakeException(
            $"The S3 server does not implement {operation} as requested ({e.ErrorCode}: {e.Message}). If lake.kms_key_id is set, " +
            "this server may not support SSE-KMS.", e),
        _ => new LakeException($"S3 {operation} of '{key}' failed: {(int)e.StatusCode} {e.ErrorCode}: {e.Message}", e, S3Transience.IsTransient(e)),
    };

    private static async Task<int> FillAsync(Stream content, byte[] buffer, CancellationToken cancellationToken)
    {
        var filled = 0;
        int read;
        while (filled < buffer.Length && (read = await content.ReadAsync(buffer.AsMemory(filled), cancellationToken).ConfigureAwait(false)) > 0)
        {
            filled += read;
        }
        return filled;
    }

    private static string? Unquote(string? etag) => etag?.Trim('"');

    private static string Quote(string etag) => etag.StartsWith('"') ? etag : $"\"{etag}\"";

    private static AmazonS3Client CreateClient(S3LakeSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return S3Clients.Create(settings.Connection,
            profile => new LakeException($"AWS profile '{profile}' (lake.profile) was not found in the shared config files."));
    }
}
