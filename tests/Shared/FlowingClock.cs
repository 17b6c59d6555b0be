namespace Landfall.Testing;

/// <summary>
/// A clock set to a chosen instant that then flows with real time, with real timers: for tests against real servers that need a
/// given "today" and also retries, leases and backoffs that really wait (a frozen fake clock would hold every backoff forever).
/// <see cref="Advance"/> and <see cref="SetUtcNow"/> move it on purpose, as FakeTimeProvider's do.
/// </summary>
public sealed class FlowingClock : TimeProvider
{
    private readonly long _startedAt = System.GetTimestamp();
    private TimeSpan _offset;

    public FlowingClock(DateTimeOffset start) => _offset = start - System.GetUtcNow();

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + _offset;

    public override long GetTimestamp() => System.GetTimestamp();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        System.CreateTimer(callback, state, dueTime, period);

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    /// <summary>Moves the clock forward by <paramref name="delta"/>, at once.</summary>
    public void Advance(TimeSpan delta) => _offset += delta;

    /// <summary>Sets the clock to <paramref name="now"/>, from which it flows on.</summary>
    public void SetUtcNow(DateTimeOffset now) => _offset = now - System.GetUtcNow();

    /// <summary>How long this clock has existed, in real time.</summary>
    public TimeSpan Age => System.GetElapsedTime(_startedAt);
}
