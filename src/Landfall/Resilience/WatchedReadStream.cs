namespace Landfall.Resilience;

/// <summary>
/// A read stream with a progress deadline: each read must bring a byte within the watchdog's limit, or it fails with a
/// <see cref="StallException"/> naming <paramref name="what"/>. The read is abandoned even when the inner stream ignores cancellation
/// (<paramref name="onStall"/> then closes what holds it, so the dangling read ends too).
/// </summary>
internal sealed class WatchedReadStream(Stream inner, TimeSpan limit, TimeProvider time, string what, Action? onStall = null, bool leaveOpen = false)
    : ReadOnlyStream
{
    public override long Length => inner.Length;

    public override int Read(Span<byte> buffer) => inner.Read(buffer);

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        using var read = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            return await inner.ReadAsync(buffer, read.Token).AsTask().WaitAsync(limit, time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException e) when (e is not StallException)
        {
            await read.CancelAsync().ConfigureAwait(false);
            onStall?.Invoke();
            throw new StallException($"{what} sent no byte for {Config.ConfigDuration.Format(limit)} (stall_timeout); the connection was dropped.", e);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !leaveOpen)
        {
            inner.Dispose();
        }
        base.Dispose(disposing);
    }
}
