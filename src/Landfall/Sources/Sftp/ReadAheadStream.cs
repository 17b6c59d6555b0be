using System.Buffers;
using System.Threading.Channels;

namespace Landfall.Sources.Sftp;

/// <summary>
/// Reads the inner stream ahead on a background task into a few pooled chunks, so receiving (SSH decryption) overlaps with
/// what the consumer does with the bytes (hashing, writing to the lake). Memory is bounded: at most <c>depth + 2</c> chunks.
/// An error of the inner stream surfaces from the next read.
/// </summary>
internal sealed class ReadAheadStream : Stream
{
    private const int ChunkSize = 1 << 20;
    private readonly Stream _inner;
    private readonly Channel<(byte[] Buffer, int Length)> _chunks;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _producer;
    private (byte[] Buffer, int Length, int Offset)? _current;
    private bool _disposed;

    public ReadAheadStream(Stream inner, int depth = 4)
    {
        _inner = inner;
        _chunks = Channel.CreateBounded<(byte[], int)>(new BoundedChannelOptions(depth) { SingleReader = true, SingleWriter = true });
        _producer = Task.Run(ProduceAsync);
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_current is null)
        {
            if (!await _chunks.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                await _chunks.Reader.Completion.ConfigureAwait(false); // rethrows the producer's error
                return 0;
            }
            var (chunk, length) = await _chunks.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            _current = (chunk, length, 0);
        }
        var (b, len, offset) = _current.Value;
        var n = Math.Min(buffer.Length, len - offset);
        b.AsMemory(offset, n).CopyTo(buffer);
        if (offset + n == len)
        {
            ArrayPool<byte>.Shared.Return(b);
            _current = null;
        }
        else
        {
            _current = (b, len, offset + n);
        }
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override void Flush() { }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override async ValueTask DisposeAsync()
    {
        await CleanupAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            CleanupAsync().GetAwaiter().GetResult();
        }
        base.Dispose(disposing);
    }

    private async Task CleanupAsync()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _producer.ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or SourceException)
        {
            // Its error was (or would have been) seen by the reader.
        }
        while (_chunks.Reader.TryRead(out var left))
        {
            ArrayPool<byte>.Shared.Return(left.Buffer);
        }
        if (_current is { } c)
        {
            ArrayPool<byte>.Shared.Return(c.Buffer);
            _current = null;
        }
        _stop.Dispose();
        await _inner.DisposeAsync().ConfigureAwait(false);
    }

    private async Task ProduceAsync()
    {
        Exception? error = null;
        try
        {
            while (true)
            {
                var chunk = ArrayPool<byte>.Shared.Rent(ChunkSize);
                var filled = 0;
                int n;
                while (filled < ChunkSize && (n = await _inner.ReadAsync(chunk.AsMemory(filled, ChunkSize - filled), _stop.Token).ConfigureAwait(false)) > 0)
                {
                    filled += n;
                }
                if (filled == 0)
                {
                    ArrayPool<byte>.Shared.Return(chunk);
                    break;
                }
                await _chunks.Writer.WriteAsync((chunk, filled), _stop.Token).ConfigureAwait(false);
                if (filled < ChunkSize)
                {
                    break;
                }
            }
        }
        catch (Exception e)
        {
            error = e;
        }
        _chunks.Writer.TryComplete(error);
    }
}
