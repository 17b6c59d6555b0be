using Amazon.S3.Model;

namespace Landfall.Lake.S3;

/// <summary>The body of a GetObject that disposes its response with it.</summary>
/// <remarks><paramref name="watch"/> wraps the body in its deadline (a stalled body fails the read rather than hanging it).</remarks>
internal sealed class S3ResponseStream(GetObjectResponse response, Func<Stream, Stream> watch) : ReadOnlyStream
{
    private readonly Stream _inner = watch(response.ResponseStream);

    public override long Length => response.ContentLength;

    public override int Read(Span<byte> buffer) => _inner.Read(buffer);

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        _inner.ReadAsync(buffer, cancellationToken);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            response.Dispose();
        }
        base.Dispose(disposing);
    }
}
