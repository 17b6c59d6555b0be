using Landfall.Claims;
using Landfall.Lake;
using Landfall.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Landfall.Tests.Claims;

/// <summary>
/// The lease a winner holds: renewals as new keys on a schedule, and the check before the manifest, driven by a fake clock and
/// a put the test completes or fails at will.
/// </summary>
public sealed class ClaimLeaseTests
{
    private static readonly ClaimOptions Options = new() { Lease = TimeSpan.FromSeconds(60), Renew = TimeSpan.FromSeconds(15) };

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 1, 11, 6, 0, 0, TimeSpan.Zero));
    private readonly CapturingLoggerProvider _logs = new();
    private readonly List<(string Key, TaskCompletionSource Done, CancellationToken Token)> _puts = [];

    /// <summary>Each renewal's put waits for the test, which completes it, fails it or leaves it hanging.</summary>
    private ClaimLease Start() => ClaimLease.Start(n => $"heartbeat/{n:D12}.json", (key, ct) =>
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_puts)
        {
            _puts.Add((key, done, ct));
        }
        ct.Register(() => done.TrySetCanceled(ct));
        return done.Task;
    }, _clock.GetTimestamp(), _clock, Options, _logs.CreateLogger("test"));

    private async Task<(string Key, TaskCompletionSource Done, CancellationToken Token)> PutAsync(int count)
    {
        for (var spins = 0; ; spins++)
        {
            lock (_puts)
            {
                if (_puts.Count >= count)
                {
                    return _puts[count - 1];
                }
            }
            Assert.True(spins < 2000, $"renewal {count} never started");
            await Task.Delay(5);
        }
    }

    private async Task WaitForAsync(Func<bool> condition)
    {
        for (var spins = 0; !condition(); spins++)
        {
            Assert.True(spins < 2000, "the condition never held");
            await Task.Delay(5);
        }
    }

    [Fact]
    public async Task A_run_that_renews_on_time_holds_its_lease_and_each_renewal_is_a_new_key()
    {
        await using var lease = Start();
        for (var i = 1; i <= 6; i++)
        {
            _clock.Advance(TimeSpan.FromSeconds(15));
            (await PutAsync(i)).Done.SetResult();
            await WaitForAsync(() => _logs.Named("claim_renewed").Count() == i);
            Assert.Null(lease.Check());
        }
        Assert.Equal(Enumerable.Range(1, 6).Select(n => $"heartbeat/{n:D12}.json"), _puts.Select(p => p.Key));
    }

    [Fact]
    public async Task A_run_whose_renewals_fail_keeps_going_and_loses_its_lease_once_the_deadline_has_passed()
    {
        // 60 s lease: a run may go 60 - 15 - 2 = 43 s without a successful renewal.
        Assert.Equal(TimeSpan.FromSeconds(43), Options.RenewalDeadline);
        await using var lease = Start();
        for (var i = 1; i <= 2; i++)
        {
            _clock.Advance(TimeSpan.FromSeconds(15));
            (await PutAsync(i)).Done.SetException(new LakeException("the lake is unreachable"));
            await WaitForAsync(() => _logs.Named("claim_renew_failed").Count() == i);
        }
        Assert.Null(lease.Check());

        _clock.Advance(TimeSpan.FromSeconds(12));
        Assert.Null(lease.Check());
        _clock.Advance(TimeSpan.FromSeconds(3));

        Assert.Contains("last renewed 45.0 s ago, more than the 43.0 s allowed under a 60.0 s lease", lease.Check());
        Assert.Contains("the lake is unreachable", _logs.Named("claim_renew_failed").First().Message);
    }

    [Fact]
    public async Task A_renewal_that_lands_too_late_loses_the_lease_for_good_even_if_later_ones_are_on_time()
    {
        await using var lease = Start();
        _clock.Advance(TimeSpan.FromSeconds(15));
        var slow = await PutAsync(1);
        // The process pauses (or the put hangs) for 45 s: another run may have judged the claim expired meanwhile.
        _clock.Advance(TimeSpan.FromSeconds(45));
        slow.Done.SetResult();
        await WaitForAsync(() => _logs.Named("claim_renewed").Any());
        _clock.Advance(TimeSpan.FromSeconds(1));
        (await PutAsync(2)).Done.SetResult();
        await WaitForAsync(() => _logs.Named("claim_renewed").Count() == 2);

        Assert.Contains("two renewals of the claim were 60.0 s apart", lease.Check());
    }

    [Fact]
    public async Task Disposing_the_lease_cancels_the_renewal_in_flight_and_stops_renewing()
    {
        var lease = Start();
        _clock.Advance(TimeSpan.FromSeconds(15));
        var inFlight = await PutAsync(1);

        await lease.DisposeAsync();
        _clock.Advance(TimeSpan.FromMinutes(5));
        await Task.Delay(50);

        Assert.True(inFlight.Token.IsCancellationRequested);
        Assert.Single(_puts);
        Assert.Empty(_logs.Named("claim_renew_failed"));
    }

    [Theory]
    [InlineData(5, 1, "Lease")]
    [InlineData(60, 21, "Renew")]
    public void Options_that_cannot_keep_a_lease_are_refused(int leaseSeconds, int renewSeconds, string parameter)
    {
        var options = new ClaimOptions { Lease = TimeSpan.FromSeconds(leaseSeconds), Renew = TimeSpan.FromSeconds(renewSeconds) };
        Assert.Equal(parameter, Assert.Throws<ArgumentOutOfRangeException>(options.Validate).ParamName);
    }
}
