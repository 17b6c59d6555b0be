using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Landfall.Diagnostics;
using Landfall.S3;

namespace Landfall.Lake.S3;

/// <summary>Server-side copies from another bucket on the same endpoint: what an <c>s3</c> source asks of an S3 lake.</summary>
internal sealed partial class S3Lake : IS3CopyTarget
{
    /// <inheritdoc />
    public bool CanCopyFrom(S3ConnectionSettings source) => _settings.Connection.SameAccountAs(source);

    /// <inheritdoc />
    public bool EncryptsWithKms => _settings.KmsKeyId is not null;

    /// <inheritdoc />
    public async Task<(LakeObjectInfo Stored, string? SourceVersionId)> CopyFromAsync(
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
}
