using Microsoft.Extensions.Logging;

namespace Landfall.Claims;

/// <summary>
/// A run's hold on its claim: from the intent on, a background loop puts a heartbeat every
/// <see cref="ClaimOptions.Renew"/>, and <see cref="Check"/> says whether the run may still record a result. Other runs
/// judge the claim by the LastModified of its newest heartbeat (the lake's clock); this run judges it by the monotonic clock
/// from the moment each successful renewal began, which can only be earlier than the LastModified it produced. The lease is
/// lost for good once two successful renewals (the intent counting as the first) were further apart than
/// <see cref="ClaimOptions.RenewalDeadline"/>: in between, another run may have judged the claim expired and taken the date.
/// The loop never throws into the run; it stops when the lease is disposed.
/// </summary>
internal sealed class ClaimLease : IAsyncDisposable
{
    private readonly Func<long, string> _keyOf;
    private readonly Func<string, CancellationToken, Task> _put;
    private readonly TimeProvider _time;
    private readonly ClaimOptions _options;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private readonly Task _loop;
    private long _lastRenewalStarted;
    private TimeSpan? _brokenBy;
    private long _sequence;
    private bool _disposed;

    private ClaimLease(Func<long, string> keyOf, Func<string, CancellationToken, Task> put, long intentStarted, TimeProvider time,
        ClaimOptions options, ILogger logger)
    {
        _keyOf = keyOf;
        _put = put;
        _time = time;
        _options = options;
        _logger = logger;
        _lastRenewalStarted = intentStarted;
        _loop = RenewLoopAsync();
    }

    /// <summary>Starts renewing a claim whose intent was put from <paramref name="intentStarted"/> on.</summary>
    /// <param name="keyOf">The key of heartbeat number n (1, 2, ...).</param>
    /// <param name="put">Puts a heartbeat under a key.</param>
    /// <param name="intentStarted">The monotonic timestamp (<see cref="TimeProvider.GetTimestamp"/>) taken before the intent's put began.</param>
    /// <param name="time">The clock.</param>
    /// <param name="options">Lease and renewal interval.</param>
    /// <param name="logger">Where renewals are logged.</param>
    public static ClaimLease Start(Func<long, string> keyOf, Func<string, CancellationToken, Task> put, long intentStarted,
        TimeProvider time, ClaimOptions options, ILogger logger) => new(keyOf, put, intentStarted, time, options, logger);

    /// <summary>
    /// Whether the run still holds its claim: null when it does, else why not (for the <c>lease_lost</c> error). Call it just
    /// before the manifest put; see docs/concurrency.md for the window left between the two.
    /// </summary>
    public string? Check()
    {
        lock (_gate)
        {
            var deadline = _options.RenewalDeadline;
            if (_brokenBy is { } gap)
            {
                return $"two renewals of the claim were {Seconds(gap)} apart (the process was paused, or the lake unreachable), more than " +
                    $"the {Seconds(deadline)} allowed under a {Seconds(_options.Lease)} lease (schedule.claim_lease)";
            }
            var since = _time.GetElapsedTime(_lastRenewalStarted);
            return since > deadline
                ? $"the claim was last renewed {Seconds(since)} ago, more than the {Seconds(deadline)} allowed under a " +
                  $"{Seconds(_options.Lease)} lease (schedule.claim_lease)"
                : null;
        }
    }

    /// <summary>Stops renewing; a renewal in flight is cancelled (it may still land, which only keeps the claim live longer).</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task RenewLoopAsync()
    {
        // The loop stops only when the lease is disposed, not with the run's token: a cancelled run still writes its failed
        // manifest, under its lease.
        using var timer = new PeriodicTimer(_options.Renew, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
            {
                await RenewOnceAsync().ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
    }

    private async Task RenewOnceAsync()
    {
        var started = _time.GetTimestamp();
        var key = _keyOf(++_sequence);
        try
        {
            await _put(key, _stop.Token).ConfigureAwait(false);
            var completed = _time.GetTimestamp();
            lock (_gate)
            {
                // Measured to the end of this put: a competitor listing before it landed saw only the renewal before.
                var gap = _time.GetElapsedTime(_lastRenewalStarted, completed);
                if (gap > _options.RenewalDeadline && _brokenBy is null)
                {
                    _brokenBy = gap;
                }
                _lastRenewalStarted = started;
            }
            ClaimLog.Renewed(_logger, key, (long)_time.GetElapsedTime(started, completed).TotalMilliseconds);
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // A renewal must never crash the run: any failure is logged and the lease check decides.
        catch (Exception e)
#pragma warning restore CA1031
        {
            long since;
            lock (_gate)
            {
                since = (long)_time.GetElapsedTime(_lastRenewalStarted).TotalMilliseconds;
            }
            ClaimLog.RenewFailed(_logger, key, e.Message, since, (long)_options.RenewalDeadline.TotalMilliseconds);
        }
    }

    private static string Seconds(TimeSpan value) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{value.TotalSeconds:0.0} s");
}
