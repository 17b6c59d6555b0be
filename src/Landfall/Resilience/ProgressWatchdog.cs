namespace Landfall.Resilience;

/// <summary>
/// A deadline measured by progress: its <see cref="Token"/> is cancelled when no progress was reported for <see cref="Limit"/>
/// (a stalled socket: a dead NAT entry, a half-open connection), or when the caller's token is. A 1 GiB transfer that keeps moving
/// never trips it; a request that never answers does, after <see cref="Limit"/>. Checked a few times per limit on the injected clock.
/// </summary>
internal sealed class ProgressWatchdog : IDisposable
{
    private readonly CancellationTokenSource _cts;
    private readonly CancellationToken _outer;
    private readonly TimeProvider _time;
    private readonly ITimer _timer;
    private readonly Action<ProgressWatchdog>? _onStall;
    private long _last;
    private int _stalled;
    private int _paused;

    /// <summary>Starts watching: the first progress is due within <paramref name="limit"/> from now.</summary>
    public ProgressWatchdog(TimeSpan limit, TimeProvider time, CancellationToken outer, Action<ProgressWatchdog>? onStall = null)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(limit, TimeSpan.Zero);
        Limit = limit;
        _time = time;
        _outer = outer;
        _onStall = onStall;
        _cts = CancellationTokenSource.CreateLinkedTokenSource(outer);
        _last = time.GetTimestamp();
        var period = TimeSpan.FromTicks(Math.Clamp(limit.Ticks / 4, TimeSpan.TicksPerMillisecond * 10, TimeSpan.TicksPerSecond));
        _timer = time.CreateTimer(_ => Check(), null, period, period);
    }

    /// <summary>How long without progress counts as a stall.</summary>
    public TimeSpan Limit { get; }

    /// <summary>Cancelled on a stall or when the caller cancels.</summary>
    public CancellationToken Token => _cts.Token;

    /// <summary>True once the watchdog fired (not when the caller cancelled).</summary>
    public bool Stalled => Volatile.Read(ref _stalled) == 1;

    /// <summary>Whether <paramref name="e"/> is this watchdog's cancellation rather than the caller's.</summary>
    public bool Caused(Exception e) => Stalled && !_outer.IsCancellationRequested && e is OperationCanceledException or TimeoutException;

    /// <summary>Something moved (bytes, a row, an answer): the limit starts again.</summary>
    public void Progress() => Volatile.Write(ref _last, _time.GetTimestamp());

    /// <summary>
    /// Stops the clock while the caller itself holds things up (waiting for the lake to take what was read: backpressure, which has
    /// deadlines of its own); disposing it starts the limit again.
    /// </summary>
    public IDisposable Pause()
    {
        Interlocked.Increment(ref _paused);
        return new Resume(this);
    }

    private sealed class Resume(ProgressWatchdog dog) : IDisposable
    {
        private int _done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0)
            {
                dog.Progress();
                Interlocked.Decrement(ref dog._paused);
            }
        }
    }

    private void Check()
    {
        if (Stalled || Volatile.Read(ref _paused) > 0 || _time.GetElapsedTime(Volatile.Read(ref _last)) < Limit)
        {
            return;
        }
        if (Interlocked.Exchange(ref _stalled, 1) == 0)
        {
            _onStall?.Invoke(this);
            try
            {
                _cts.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // Disposed between the check and the cancel: the call is over anyway.
            }
        }
    }

    public void Dispose()
    {
        _timer.Dispose();
        _cts.Dispose();
    }
}
