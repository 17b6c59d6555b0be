namespace Landfall.Sources.Sftp;

/// <summary>
/// A remote file being read: every SSH.NET failure becomes a <see cref="SourceException"/> (connection_lost, timeout, ...), so the
/// lake sees a source failure rather than what looks like its own I/O error, deletes its partial write, and the retry reconnects.
/// </summary>
internal sealed class SftpReadStream(Stream inner, SftpSettings settings, string path) : Stream
{
    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        try
        {
            return inner.Read(buffer);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw SftpErrors.Translate(e, settings, path);
        }
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try
        {
            return await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            throw SftpErrors.Translate(e, settings, path);
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush() { }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            try
            {
                inner.Dispose();
            }
            catch (Exception e) when (e is Renci.SshNet.Common.SshException or ObjectDisposedException or IOException)
            {
                // Closing the handle of a dead connection: nothing left to release.
            }
        }
        base.Dispose(disposing);
    }
}
