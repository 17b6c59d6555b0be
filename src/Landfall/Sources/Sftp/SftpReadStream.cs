namespace Landfall.Sources.Sftp;

/// <summary>
/// A remote file being read: every SSH.NET failure becomes a <see cref="SourceException"/> (connection_lost, timeout, ...), so the
/// lake sees a source failure rather than what looks like its own I/O error, deletes its partial write, and the retry reconnects.
/// Ends after the listed size: waiting for the server's end-of-file reply would cost one more round trip per file, and a file
/// that grew or changed after the listing is caught by the listing taken after the reads. Each read must bring bytes within
/// operation_timeout (a stalled connection fails as <c>timeout</c>, and the retry reconnects), whether or not SSH.NET's own
/// timeout covers an asynchronous read.
/// </summary>
internal sealed class SftpReadStream(Stream inner, SftpSettings settings, string path, long listedSize, TimeProvider time) : ReadOnlyStream
{
    private long _remaining = listedSize;

    public override int Read(Span<byte> buffer)
    {
        if (_remaining <= 0 || buffer.IsEmpty)
        {
            return 0;
        }
        try
        {
            var read = inner.Read(buffer[..(int)Math.Min(buffer.Length, _remaining)]);
            _remaining -= read;
            return read;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw SftpErrors.Translate(e, settings, path);
        }
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_remaining <= 0 || buffer.IsEmpty)
        {
            return 0;
        }
        try
        {
            using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            int read;
            try
            {
                read = await inner.ReadAsync(buffer[..(int)Math.Min(buffer.Length, _remaining)], attempt.Token).AsTask()
                    .WaitAsync(settings.OperationTimeout, time, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException e)
            {
                await attempt.CancelAsync().ConfigureAwait(false);
                throw new SourceException("timeout",
                    $"sftp://{settings.Endpoint} sent no byte of {path} for {Config.ConfigDuration.Format(settings.OperationTimeout)} " +
                    "(operation_timeout): the connection stalled and is dropped; the read is retried on a new one.", e, isTransient: true);
            }
            _remaining -= read;
            return read;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            throw SftpErrors.Translate(e, settings, path);
        }
    }

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
