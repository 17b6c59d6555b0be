using Azure.Storage.Blobs.Models;

namespace Landfall.Lake.Azure;

/// <summary>The body of a download that disposes its response with it.</summary>
internal sealed class AzureResponseStream(BlobDownloadStreamingResult result) : ReadOnlyStream
{
    private readonly Stream _inner = result.Content;

    public override long Length => result.Details.ContentLength;

    public override int Read(Span<byte> buffer) => _inner.Read(buffer);

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        _inner.ReadAsync(buffer, cancellationToken);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            result.Dispose();
        }
        base.Dispose(disposing);
    }
}
