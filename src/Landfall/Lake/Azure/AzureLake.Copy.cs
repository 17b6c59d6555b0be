using Azure;
using Azure.Storage.Blobs.Models;
using Landfall.Azure;

namespace Landfall.Lake.Azure;

/// <summary>Server-side copies from another container of the same account: what an <c>azure_blob</c> source asks of an Azure lake.</summary>
internal sealed partial class AzureLake : IAzureCopyTarget
{
    /// <inheritdoc />
    public bool CanCopyFrom(AzureConnectionSettings source) => _settings.Connection.SameAccountAs(source);

    /// <inheritdoc />
    public async Task<(LakeObjectInfo Stored, string? ContentMd5)> CopyFromAsync(Uri sourceUri, string sourceETag, string key,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sourceUri);
        LakeKey.Validate(key);
        var blob = _container.GetBlobClient(_root + key);
        var attempts = 0;
        var copyId = await ExecuteAsync("copy", key, async ct =>
        {
            attempts++;
            try
            {
                var operation = await blob.StartCopyFromUriAsync(sourceUri, new BlobCopyFromUriOptions
                {
                    SourceConditions = new BlobRequestConditions { IfMatch = new ETag(Quote(sourceETag)) },
                    DestinationConditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
                }, ct).ConfigureAwait(false);
                return (string?)operation.Id;
            }
            catch (RequestFailedException e) when (IsExists(e))
            {
                // A 412 may be the source's condition (the emulator names both ConditionNotMet): only an existing copy is "exists".
                if (e.Status == 412 && await HeadBlobAsync(blob, ct).ConfigureAwait(false) is null)
                {
                    throw;
                }
                // On a retry, the first attempt started the copy after all (its answer was lost): follow that copy.
                return attempts > 1 ? null : throw new LakeKeyExistsException(key);
            }
        }, cancellationToken).ConfigureAwait(false);
        // Copy Blob within one account usually completes at once; a large one may stay pending for a while.
        var delay = TimeSpan.FromMilliseconds(200);
        while (true)
        {
            var props = await ExecuteAsync("head", key, ct => HeadBlobAsync(blob, ct), cancellationToken).ConfigureAwait(false)
                ?? throw new LakeException($"The server-side copy into '{key}' in {Description} left no blob.");
            if (copyId is not null && props.CopyId is { } id && id != copyId)
            {
                throw new LakeKeyExistsException(key);
            }
            if (props.CopyId is null)
            {
                // Not the result of a copy (an emulator that copied synchronously without copy properties): done.
                return (new LakeObjectInfo(key, props.ContentLength, props.LastModified, Unquote(props.ETag)),
                    props.ContentHash is { Length: > 0 } h ? Convert.ToHexStringLower(h) : null);
            }
            switch (props.CopyStatus)
            {
                case CopyStatus.Pending:
                    await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
                    delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
                    continue;
                case CopyStatus.Success:
                    return (new LakeObjectInfo(key, props.ContentLength, props.LastModified, Unquote(props.ETag)),
                        props.ContentHash is { Length: > 0 } hash ? Convert.ToHexStringLower(hash) : null);
                default:
                    throw new LakeException(
                        $"The server-side copy into '{key}' in {Description} ended {props.CopyStatus}: " +
                        $"{AzureTransience.Scrub(props.CopyStatusDescription ?? "")}", isTransient: true);
            }
        }
    }

    private static string Quote(string etag) => etag.StartsWith('"') ? etag : $"\"{etag}\"";
}
