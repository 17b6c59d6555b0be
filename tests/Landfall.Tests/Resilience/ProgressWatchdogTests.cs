using Landfall.Resilience;
using Microsoft.Extensions.Time.Testing;

namespace Landfall.Tests.Resilience;

public sealed class ProgressWatchdogTests
{
    [Fact]
    public void A_transfer_that_keeps_moving_never_trips_the_watchdog_however_long_it_takes()
    {
        var time = new FakeTimeProvider();
        using var dog = new ProgressWatchdog(TimeSpan.FromSeconds(30), time, CancellationToken.None);

        for (var i = 0; i < 100; i++)
        {
            time.Advance(TimeSpan.FromSeconds(20));
            dog.Progress();
        }

        Assert.False(dog.Stalled);
        Assert.False(dog.Token.IsCancellationRequested);
    }

    [Fact]
    public void No_progress_for_the_limit_cancels_the_token_and_reports_the_stall_once()
    {
        var time = new FakeTimeProvider();
        var stalls = 0;
        using var dog = new ProgressWatchdog(TimeSpan.FromSeconds(30), time, CancellationToken.None, _ => stalls++);

        time.Advance(TimeSpan.FromSeconds(29));
        Assert.False(dog.Stalled);
        time.Advance(TimeSpan.FromSeconds(2));
        time.Advance(TimeSpan.FromSeconds(60));

        Assert.True(dog.Stalled);
        Assert.True(dog.Token.IsCancellationRequested);
        Assert.Equal(1, stalls);
        Assert.True(dog.Caused(new OperationCanceledException()));
    }

    [Fact]
    public void The_callers_cancellation_is_not_a_stall()
    {
        var time = new FakeTimeProvider();
        using var outer = new CancellationTokenSource();
        using var dog = new ProgressWatchdog(TimeSpan.FromSeconds(30), time, outer.Token);

        outer.Cancel();

        Assert.True(dog.Token.IsCancellationRequested);
        Assert.False(dog.Stalled);
        Assert.False(dog.Caused(new OperationCanceledException()));
    }

    [Fact]
    public async Task A_watched_body_that_sends_nothing_fails_with_a_stall_naming_it_and_drops_the_connection()
    {
        var time = new FakeTimeProvider();
        var dropped = false;
        await using var body = new WatchedReadStream(new StalledStream(), TimeSpan.FromSeconds(30), time, "S3 get of 'k' at http://s3", () => dropped = true);

        var read = body.ReadAsync(new byte[8]).AsTask();
        time.Advance(TimeSpan.FromSeconds(31));

        var stall = await Assert.ThrowsAsync<StallException>(() => read);
        Assert.Contains("S3 get of 'k' at http://s3", stall.Message, StringComparison.Ordinal);
        Assert.Contains("stall_timeout", stall.Message, StringComparison.Ordinal);
        Assert.True(dropped);
    }

    private sealed class StalledStream : MemoryStream
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            new(new TaskCompletionSource<int>().Task);
    }
}
