using Landfall.Lake;

namespace Landfall.Azure;

/// <summary>
/// A lake that can copy blobs of its own storage account into itself server-side, without a byte passing through Landfall. An
/// <c>azure_blob</c> source asks the lake for this capability; a lake without it gets the blobs streamed.
/// </summary>
internal interface IAzureCopyTarget
{
    /// <summary>Whether a blob reachable with <paramref name="source"/> is in this lake's account (same blob endpoint).</summary>
    bool CanCopyFrom(AzureConnectionSettings source);

    /// <summary>
    /// Copies the blob at <paramref name="sourceUri"/> (readable by the service: with a short-lived SAS) into the lake under
    /// <paramref name="key"/> with Copy Blob, only while the source still has <paramref name="sourceETag"/> (a changed blob fails with
    /// 412) and only if the key does not exist yet; waits until the copy has completed.
    /// </summary>
    /// <returns>The copy as stored, read back once complete (size, ETag, Last-Modified), and its Content-MD5 (hex) when it has one.</returns>
    Task<(LakeObjectInfo Stored, string? ContentMd5)> CopyFromAsync(Uri sourceUri, string sourceETag, string key,
        CancellationToken cancellationToken);
}
