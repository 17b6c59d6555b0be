using System.IO.Pipelines;

namespace Landfall.Sources.Postgres;

/// <summary>
/// The write end of a <see cref="Pipe"/> as a forward-only stream that knows its position (the Parquet writer asks for it):
/// synchronous writes only copy into the pipe's buffer; <see cref="PushAsync"/> hands what was written to the reader with
/// back-pressure, so memory stays bounded by what one row group compresses to.
/// </summary>
internal sealed class PipeWriteStream(PipeWriter writer) : Stream
{
    private long _position;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => _position;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        while (!buffer.IsEmpty)
        {
            var span = writer.GetSpan(Math.Min(buffer.Length, 1 << 16));
            var n = Math.Min(span.Length, buffer.Length);
            buffer[..n].CopyTo(span);
            writer.Advance(n);
            buffer = buffer[n..];
            _position += n;
        }
    }

    /// <summary>Flushing is <see cref="PushAsync"/>'s job (asynchronous, with back-pressure).</summary>
    public override void Flush()
    {
    }

    /// <summary>Makes what was written readable, waiting while the reader is behind.</summary>
    public async Task PushAsync(CancellationToken cancellationToken)
    {
        var result = await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        if (result.IsCompleted)
        {
            throw new IOException("The lake stopped reading the Parquet object before it was complete.");
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
