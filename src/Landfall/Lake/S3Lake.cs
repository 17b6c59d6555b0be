using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Landfall.Config;
using Landfall.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Polly.Retry;

namespace Landfall.Lake;

/// <summary>
/// A lake in an S3 bucket (AWS or S3-compatible). Puts stream in parts of bounded size: a small object is one PutObject,
/// a larger one a multipart upload; either way at most two parts are held in memory. Transient failures (throttling,
/// 5xx, network) are retried with exponential backoff and jitter, each attempt logged. Chunked upload encoding is off
/// because several S3-compatible servers reject it.
/// </summary>
public sealed class S3Lake : ILake, IDisposable
{
    private readonly IAmazonS3 _s3;
    private readonly S3LakeSettings _settings;
    private readonly ILogger _logger;
    private readonly ResiliencePipeline _retry;
    private readonly string _root;

    /// <summary>Creates the lake from its settings.</summary>
    public S3Lake(S3LakeSettings settings, ILogger? logger = null)
        : this(CreateClient(settings), settings, logger)
    {
    }

    internal S3Lake(IAmazonS3 s3, S3LakeSettings settings, ILogger? logger)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _s3 = s3;
        _settings = settings;
        _logger = logger ?? NullLogger.Instance;
        _root = settings.Prefix.Length == 0 ? "" : settings.Prefix + "/";
        // max_attempts: 1 means no retry at all (Polly refuses a retry strategy with zero retries).
        _retry = settings.MaxAttempts <= 1 ? ResiliencePipeline.Empty : new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Exception>(IsTransient),
                MaxRetryAttempts = settings.MaxAttempts - 1,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(200),
                MaxDelay = TimeSpan.FromSeconds(10),
                OnRetry = args =>
                {
                    var (operation, key) = args.Context.Properties.TryGetValue(OperationKey, out var op) ? op : ("s3", "");
                    Log.LakeRetry(_logger, operation, key, args.AttemptNumber + 1, args.RetryDelay.TotalMilliseconds,
                        args.Outcome.Exception?.Message ?? "");
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    private static readonly ResiliencePropertyKey<(string Operation, string Key)> OperationKey = new("landfall.operation");

    /// <inheritdoc />
    public string Description => $"s3://{_settings.Bucket}/{_root}" + (_settings.Endpoint is null ? "" : $" at {_settings.Endpoint}");

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
            var response = await ExecuteAsync("put", key, async ct =>
            {
                var request = new PutObjectRequest
                {
                    BucketName = _settings.Bucket,
                    Key = fullKey,
                    InputStream = new MemoryStream(first, 0, firstLength, writable: false),
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
        ExecuteAsync("upload_part", key, async ct =>
        {
            var response = await _s3.UploadPartAsync(new UploadPartRequest
            {
                BucketName = _settings.Bucket,
                Key = fullKey,
                UploadId = uploadId,
                PartNumber = partNumber,
                PartSize = length,
                InputStream = new MemoryStream(buffer, 0, length, writable: false),
                UseChunkEncoding = false,
            }, ct).ConfigureAwait(false);
            return new PartETag(partNumber, response.ETag);
        }, cancellationToken);

    /// <summary>The lake's settings, so that a source can tell whether it lives on the same endpoint with the same credentials.</summary>
    internal S3LakeSettings Settings => _settings;

    /// <summary>
    /// Copies an object of another bucket on the same endpoint into the lake under <paramref name="key"/> without a byte passing
    /// through Landfall: one CopyObject up to <paramref name="multipartThreshold"/> bytes, a multipart upload of UploadPartCopy parts
    /// of <paramref name="partSize"/> bytes above it, <paramref name="partConcurrency"/> at a time. The copy only happens while the source still has <paramref name="sourceETag"/>
    /// when one is given (a changed object fails with 412); a vanished one throws <see cref="LakeObjectNotFoundException"/>.
    /// </summary>
    /// <returns>The copy's size (the source size) and the lake's ETag of it, and the source version S3 copied (versioned buckets).</returns>
    internal async Task<(LakeObjectInfo Stored, string? SourceVersionId)> CopyFromAsync(
        string sourceBucket, string sourceKey, string? sourceVersionId, string? sourceETag, long size, string key,
        long multipartThreshold, long partSize, int partConcurrency, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(sourceBucket);
        ArgumentException.ThrowIfNullOrEmpty(sourceKey);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(partSize);
        LakeKey.Validate(key);
        var fullKey = _root + key;
        var etag = sourceETag is null ? null : Quote(sourceETag);
        if (size <= multipartThreshold)
        {
            var request = new CopyObjectRequest
            {
                SourceBucket = sourceBucket,
                SourceKey = sourceKey,
                SourceVersionId = sourceVersionId,
                DestinationBucket = _settings.Bucket,
                DestinationKey = fullKey,
                ETagToMatch = etag,
            };
            if (_settings.KmsKeyId is not null)
            {
                request.ServerSideEncryptionMethod = ServerSideEncryptionMethod.AWSKMS;
                request.ServerSideEncryptionKeyManagementServiceKeyId = _settings.KmsKeyId;
            }
            var copied = await ExecuteAsync("copy", key, ct => _s3.CopyObjectAsync(request, ct), cancellationToken).ConfigureAwait(false);
            return (new LakeObjectInfo(key, size, DateTimeOffset.UtcNow, Unquote(copied.ETag)), copied.SourceVersionId);
        }
        return await MultipartCopyAsync(sourceBucket, sourceKey, sourceVersionId, etag, size, key, fullKey, partSize, partConcurrency,
                cancellationToken)
            .ConfigureAwait(false);
    }

    private async Task<(LakeObjectInfo Stored, string? SourceVersionId)> MultipartCopyAsync(
        string sourceBucket, string sourceKey, string? sourceVersionId, string? etag, long size, string key, string fullKey, long partSize,
        int partConcurrency, CancellationToken cancellationToken)
    {
        var init = new InitiateMultipartUploadRequest { BucketName = _settings.Bucket, Key = fullKey };
        if (_settings.KmsKeyId is not null)
        {
            init.ServerSideEncryptionMethod = ServerSideEncryptionMethod.AWSKMS;
            init.ServerSideEncryptionKeyManagementServiceKeyId = _settings.KmsKeyId;
        }
        var initiated = await ExecuteAsync("initiate_multipart", key, ct => _s3.InitiateMultipartUploadAsync(init, ct), cancellationToken)
            .ConfigureAwait(false);
        var count = (int)((size + partSize - 1) / partSize);
        var parts = new PartETag[count];
        string? versionId = null;
        try
        {
            // The server does the copying; a few parts at a time keep it busy without flooding it.
            await Parallel.ForEachAsync(Enumerable.Range(0, count),
                new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, partConcurrency), CancellationToken = cancellationToken },
                async (i, ct) =>
                {
                    var first = i * partSize;
                    var last = Math.Min(size, first + partSize) - 1;
                    var response = await ExecuteAsync("upload_part_copy", key, c => _s3.CopyPartAsync(new CopyPartRequest
                    {
                        SourceBucket = sourceBucket,
                        SourceKey = sourceKey,
                        SourceVersionId = sourceVersionId,
                        DestinationBucket = _settings.Bucket,
                        DestinationKey = fullKey,
                        UploadId = initiated.UploadId,
                        PartNumber = i + 1,
                        FirstByte = first,
                        LastByte = last,
                        ETagToMatch = etag is null ? null : [etag],
                    }, c), ct).ConfigureAwait(false);
                    parts[i] = new PartETag(i + 1, response.ETag);
                    versionId ??= response.CopySourceVersionId;
                }).ConfigureAwait(false);
            var complete = new CompleteMultipartUploadRequest
            {
                BucketName = _settings.Bucket,
                Key = fullKey,
                UploadId = initiated.UploadId,
                PartETags = [.. parts],
            };
            var done = await ExecuteAsync("complete_multipart", key, ct => _s3.CompleteMultipartUploadAsync(complete, ct), cancellationToken)
                .ConfigureAwait(false);
            return (new LakeObjectInfo(key, size, DateTimeOffset.UtcNow, Unquote(done.ETag)), versionId);
        }
        catch
        {
            await AbortAsync(key, fullKey, initiated.UploadId).ConfigureAwait(false);
            throw;
        }
    }

    private async Task AbortAsync(string key, string fullKey, string uploadId)
    {
        try
        {
            using var abortTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _s3.AbortMultipartUploadAsync(_settings.Bucket, fullKey, uploadId, abortTimeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is AmazonServiceException or HttpRequestException or OperationCanceledException or IOException)
        {
            // Leftover parts are never referenced by a manifest; a bucket lifecycle rule cleans them up.
            Log.LakeRetry(_logger, "abort_multipart", key, 0, 0, e.Message);
        }
    }

    /// <inheritdoc />
    public async Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken)
    {
        LakeKey.Validate(key);
        var response = await ExecuteAsync("get", key, ct => _s3.GetObjectAsync(_settings.Bucket, _root + key, ct), cancellationToken)
            .ConfigureAwait(false);
        return new ResponseStream(response);
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

    private async Task<T> ExecuteAsync<T>(string operation, string key, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(OperationKey, (operation, key));
        try
        {
            return await _retry.ExecuteAsync(async ctx => await call(ctx.CancellationToken).ConfigureAwait(false), context).ConfigureAwait(false);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound && e.ErrorCode is not "NoSuchBucket")
        {
            throw new LakeObjectNotFoundException(key, e);
        }
        catch (AmazonS3Exception e)
        {
            throw Translate(e, operation, key);
        }
        catch (Exception e) when (e is AmazonServiceException or HttpRequestException or IOException
            || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new LakeException($"S3 {operation} of '{key}' in {Description} failed: {e.Message}", e, isTransient: true);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private LakeException Translate(AmazonS3Exception e, string operation, string key) => e switch
    {
        { ErrorCode: "NoSuchBucket" } => new LakeException(
            $"Bucket '{_settings.Bucket}' does not exist at {_settings.Endpoint ?? "AWS " + _settings.Region}; create it or fix lake.bucket.", e),
        { StatusCode: HttpStatusCode.Forbidden } => new LakeException(
            $"Access denied by S3 for {operation} of '{key}' in bucket '{_settings.Bucket}' ({e.ErrorCode}); check the credentials and " +
            "the bucket policy.", e),
        { StatusCode: HttpStatusCode.NotImplemented } => new LakeException(
            $"The S3 server does not implement {operation} as requested ({e.ErrorCode}: {e.Message}). If lake.kms_key_id is set, " +
            "this server may not support SSE-KMS.", e),
        _ => new LakeException($"S3 {operation} of '{key}' failed: {(int)e.StatusCode} {e.ErrorCode}: {e.Message}", e, IsTransient(e)),
    };

    private static bool IsTransient(Exception e) => e switch
    {
        AmazonS3Exception s3 => (int)s3.StatusCode >= 500 || s3.StatusCode == HttpStatusCode.TooManyRequests
            || s3.ErrorCode is "SlowDown" or "RequestTimeout" or "Throttling" or "RequestTimeTooSkewed" or "InternalError",
        AmazonServiceException { StatusCode: var status } => (int)status >= 500 || status == HttpStatusCode.TooManyRequests || status == 0,
        HttpRequestException or IOException or TimeoutException => true,
        AmazonClientException => true,
        _ => false,
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
        return S3Clients.Create(settings.Endpoint, settings.Region, settings.ForcePathStyle, settings.AccessKeyId, settings.SecretAccessKey,
            settings.SessionToken, settings.Profile,
            profile => new LakeException($"AWS profile '{profile}' (lake.profile) was not found in the shared config files."));
    }

    /// <summary>The body of a GetObject that disposes its response with it.</summary>
    private sealed class ResponseStream(GetObjectResponse response) : Stream
    {
        private readonly Stream _inner = response.ResponseStream;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => response.ContentLength;
        public override long Position { get => _inner.Position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            _inner.ReadAsync(buffer, cancellationToken);
        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            _inner.ReadAsync(buffer, offset, count, cancellationToken);
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                response.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
