using Landfall.Lake;

namespace Landfall.S3;

/// <summary>
/// A lake that can copy objects from an S3 bucket into itself server-side, without a byte passing through Landfall. An <c>s3</c>
/// source asks the lake for this capability; a lake without it gets the objects streamed.
/// </summary>
internal interface IS3CopyTarget
{
    /// <summary>Whether this lake's client can read objects reachable with <paramref name="source"/> (same endpoint, same credentials).</summary>
    bool CanCopyFrom(S3ConnectionSettings source);

    /// <summary>True when the lake encrypts every put with SSE-KMS (its ETags are then not MD5s of the bytes).</summary>
    bool EncryptsWithKms { get; }

    /// <summary>
    /// Copies s3://<paramref name="sourceBucket"/>/<paramref name="sourceKey"/> into the lake under <paramref name="key"/>: one CopyObject
    /// up to <paramref name="multipartThreshold"/> bytes, UploadPartCopy parts of <paramref name="partSize"/> bytes above it,
    /// <paramref name="partConcurrency"/> at a time. Only while the source still has <paramref name="sourceETag"/> when one is given (a
    /// changed object fails with 412); a vanished one throws <see cref="LakeObjectNotFoundException"/>.
    /// </summary>
    /// <returns>The copy as stored, and the source version S3 copied (versioned buckets).</returns>
    Task<(LakeObjectInfo Stored, string? SourceVersionId)> CopyFromAsync(
        string sourceBucket, string sourceKey, string? sourceVersionId, string? sourceETag, long size, string key,
        long multipartThreshold, long partSize, int partConcurrency, CancellationToken cancellationToken);
}
