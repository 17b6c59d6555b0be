using System.Text.Json;
using Landfall.Lake;
using Landfall.Layout;
using Microsoft.Extensions.Logging;

namespace Landfall.Claims;

/// <summary>
/// Mutual exclusion between concurrent runners through the lake alone: append-only claim objects and strongly
/// consistent listings. On a lake that creates atomically (<see cref="IAtomicCreateLake"/>) a date is decided by one conditional create
/// (ClaimStore.Atomic.cs); on the others, with no conditional writes, by a bakery algorithm: a run announces itself (intent), takes a ticket one
/// above every ticket it sees, then waits until every announced competitor has a ticket; the smallest (ticket, run_id)
/// among live claims wins. A claim stops being live when its run wrote a manifest or a release marker, when its lease ran
/// out (no heartbeat, nor the intent before the first, younger than the lease), or when it was made by a process of this host
/// that no longer exists. docs/concurrency.md has the proof sketch and the failure analysis.
/// </summary>
internal sealed partial class ClaimStore
{
    private readonly ILake _lake;
    private readonly TimeProvider _time;
    private readonly ClaimOptions _options;
    private readonly ILogger _logger;

    /// <summary>Creates a claim store over a lake.</summary>
    public ClaimStore(ILake lake, TimeProvider time, ClaimOptions options, ILogger logger)
    {
        _lake = lake;
        _time = time;
        options.Validate();
        _options = options;
        _logger = logger;
    }

    /// <summary>
    /// Tries to become the one run that ingests (source, date). A winner gets the <see cref="ClaimLease"/> that renews its claim
    /// (dispose it when the run ends); a loser's claim is released and its renewals stopped.
    /// </summary>
    public async Task<ClaimOutcome> TryClaimAsync(string source, DateOnly date, string runId, CancellationToken cancellationToken)
    {
        var me = ClaimBody.ForThisProcess(source, date, runId, _time.GetUtcNow());
        var intentKey = ClaimKeys.Intent(source, date, runId);
        var intentStarted = _time.GetTimestamp();
        await PutAsync(intentKey, me, cancellationToken).ConfigureAwait(false);
        // Renewals start with the intent: a run waiting for competitors' tickets must not look dead to them.
        var lease = ClaimLease.Start(
            n => ClaimKeys.Heartbeat(source, date, runId, n), (key, ct) => PutAsync(key, me with { CreatedAt = _time.GetUtcNow() }, ct),
            intentStarted, _time, _options, _logger);
        ClaimOutcome outcome;
        try
        {
            outcome = _lake is IAtomicCreateLake atomic
                ? await DecideByCreateAsync(atomic, source, date, me, intentKey, cancellationToken).ConfigureAwait(false)
                : await DecideAsync(source, date, me, intentKey, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await lease.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        if (outcome.Won)
        {
            return outcome with { Lease = lease };
        }
        await lease.DisposeAsync().ConfigureAwait(false);
        // A loser leaves at once rather than counting as a live claim until its lease runs out (the bakery's "number = 0").
        await ReleaseQuietlyAsync(source, date, runId, cancellationToken).ConfigureAwait(false);
        return outcome;
    }

    private async Task<ClaimOutcome> DecideAsync(string source, DateOnly date, ClaimBody me, string intentKey,
        CancellationToken cancellationToken)
    {
        var runId = me.RunId;
        // The lake's own clock, through our intent's LastModified: claim ages never depend on this host's clock.
        var reference = (await _lake.HeadAsync(intentKey, cancellationToken).ConfigureAwait(false))?.LastModified
            ?? throw new LakeException($"The claim '{intentKey}' just written cannot be read back.");

        var claims = await ListAsync(source, date, cancellationToken).ConfigureAwait(false);
        var ticket = claims.Values.Select(c => c.Ticket ?? 0).DefaultIfEmpty(0).Max() + 1;
        await PutAsync(ClaimKeys.Ticket(source, date, ticket, runId), me, cancellationToken).ConfigureAwait(false);

        var deadline = _time.GetUtcNow() + _options.Wait;
        var bodies = new Dictionary<string, ClaimBody?>(StringComparer.Ordinal);
        while (true)
        {
            claims = await ListAsync(source, date, cancellationToken).ConfigureAwait(false);
            var finished = await FinishedRunsAsync(source, date, cancellationToken).ConfigureAwait(false);
            var competitors = new List<ClaimState>();
            foreach (var claim in claims.Values)
            {
                // Expired: neither its intent nor any heartbeat is younger than the lease, measured against our reference.
                if (claim.RunId == runId || claim.Intent is null || claim.Released || finished.Contains(claim.RunId)
                    || claim.NewestRenewal < reference - _options.Lease)
                {
                    continue;
                }
                if (!bodies.TryGetValue(claim.RunId, out var body))
                {
                    bodies[claim.RunId] = body = await ReadBodyAsync(claim.Intent.Key, cancellationToken).ConfigureAwait(false);
                }
                if (body is not null && body.IsDeadProcessOnThisHost())
                {
                    continue;
                }
                competitors.Add(claim);
            }
            var choosing = competitors.FirstOrDefault(c => c.Ticket is null);
            if (choosing is not null)
            {
                if (_time.GetUtcNow() > deadline)
                {
                    // Safety first: never assume a slow competitor is gone.
                    return new ClaimOutcome(false, choosing.RunId, $"run {choosing.RunId} announced itself but took no ticket within {_options.Wait}");
                }
                await Task.Delay(_options.PollInterval, _time, cancellationToken).ConfigureAwait(false);
                continue;
            }
            var best = competitors.MinBy(c => (c.Ticket!.Value, c.RunId), TicketOrder.Instance);
            if (best is not null && TicketOrder.Instance.Compare((best.Ticket!.Value, best.RunId), (ticket, runId)) < 0)
            {
                return new ClaimOutcome(false, best.RunId, $"run {best.RunId} holds ticket {best.Ticket}, ahead of ticket {ticket}");
            }
            return new ClaimOutcome(true, runId, $"ticket {ticket} is the first of {competitors.Count + 1} live claim(s)");
        }
    }

    /// <summary>Marks a won claim as given up without a manifest (the date turned out to be done already).</summary>
    public Task ReleaseAsync(string source, DateOnly date, string runId, CancellationToken cancellationToken) =>
        PutAsync(ClaimKeys.Released(source, date, runId), ClaimBody.ForThisProcess(source, date, runId, _time.GetUtcNow()), cancellationToken);

    /// <summary>Releases a claim without failing the caller: when the put fails, the claim expires with its lease instead.</summary>
    public async Task ReleaseQuietlyAsync(string source, DateOnly date, string runId, CancellationToken cancellationToken)
    {
        try
        {
            await ReleaseAsync(source, date, runId, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is LandfallException or IOException or OperationCanceledException)
        {
            ClaimLog.ReleaseFailed(_logger, ClaimKeys.Released(source, date, runId), e.Message);
        }
    }

    private async Task PutAsync(string key, ClaimBody body, CancellationToken cancellationToken)
    {
        using var stream = new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(body, ClaimJsonContext.Default.ClaimBody), writable: false);
        await _lake.PutAsync(key, stream, "application/json", cancellationToken).ConfigureAwait(false);
    }

    private async Task<ClaimBody?> ReadBodyAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            var bytes = await _lake.ReadSmallAsync(key, 1 << 20, cancellationToken).ConfigureAwait(false);
            return JsonSerializer.Deserialize(bytes, ClaimJsonContext.Default.ClaimBody);
        }
        catch (Exception e) when (e is JsonException or LakeException)
        {
            // An unreadable claim still counts as live: it can only delay a run, never let two in.
            ClaimLog.Unreadable(_logger, key, e.Message);
            return null;
        }
    }

    private async Task<Dictionary<string, ClaimState>> ListAsync(string source, DateOnly date, CancellationToken cancellationToken)
    {
        var prefix = ClaimKeys.DatePrefix(source, date);
        var claims = new Dictionary<string, ClaimState>(StringComparer.Ordinal);
        await foreach (var obj in _lake.ListObjectsAsync(prefix, cancellationToken).ConfigureAwait(false))
        {
            if (ClaimKeys.Parse(obj.Key[prefix.Length..]) is not { } parsed)
            {
                continue;
            }
            if (!claims.TryGetValue(parsed.RunId, out var state))
            {
                claims[parsed.RunId] = state = new ClaimState(parsed.RunId);
            }
            switch (parsed.Kind)
            {
                case "intent":
                    state.Intent = obj;
                    break;
                case "ticket":
                    state.Ticket = state.Ticket is { } t ? Math.Min(t, parsed.Number) : parsed.Number;
                    break;
                case "heartbeat":
                    state.NewestHeartbeat = state.NewestHeartbeat is { } h && h >= obj.LastModified ? h : obj.LastModified;
                    break;
                default:
                    state.Released = true;
                    break;
            }
        }
        return claims;
    }

    private async Task<HashSet<string>> FinishedRunsAsync(string source, DateOnly date, CancellationToken cancellationToken)
    {
        var runs = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var obj in _lake.ListObjectsAsync(ManifestKeys.DatePrefix(source, date), cancellationToken).ConfigureAwait(false))
        {
            runs.Add(ManifestKeys.RunIdOfKey(obj.Key));
        }
        return runs;
    }

    private sealed class ClaimState(string runId)
    {
        public string RunId { get; } = runId;
        public LakeObjectInfo? Intent { get; set; }
        public long? Ticket { get; set; }
        public bool Released { get; set; }
        public DateTimeOffset? NewestHeartbeat { get; set; }

        /// <summary>When the claim was last renewed, by the lake's clock: its newest heartbeat, or its intent before the first.</summary>
        public DateTimeOffset NewestRenewal => NewestHeartbeat is { } h && h > Intent!.LastModified ? h : Intent!.LastModified;
    }

    private sealed class TicketOrder : IComparer<(long Ticket, string RunId)>
    {
        public static readonly TicketOrder Instance = new();

        public int Compare((long Ticket, string RunId) x, (long Ticket, string RunId) y)
        {
            var c = x.Ticket.CompareTo(y.Ticket);
            return c != 0 ? c : string.CompareOrdinal(x.RunId, y.RunId);
        }
    }
}
