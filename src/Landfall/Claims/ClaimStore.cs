using System.Text.Json;
using Landfall.Lake;
using Landfall.Layout;
using Microsoft.Extensions.Logging;

namespace Landfall.Claims;

/// <summary>
/// Mutual exclusion between concurrent runners through the lake alone: append-only claim objects and strongly
/// consistent listings, no conditional writes. A bakery algorithm: a run announces itself (intent), takes a ticket one
/// above every ticket it sees, then waits until every announced competitor has a ticket; the smallest (ticket, run_id)
/// among live claims wins. A claim stops being live when its run wrote a manifest or a release marker, when it is older
/// than the TTL, or when it was made by a process of this host that no longer exists. docs/concurrency.md has the proof
/// sketch and the failure analysis.
/// </summary>
internal sealed class ClaimStore
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
        _options = options;
        _logger = logger;
    }

    /// <summary>Tries to become the one run that ingests (source, date).</summary>
    public async Task<ClaimOutcome> TryClaimAsync(string source, DateOnly date, string runId, CancellationToken cancellationToken)
    {
        var me = ClaimBody.ForThisProcess(source, date, runId, _time.GetUtcNow());
        var intentKey = ClaimKeys.Intent(source, date, runId);
        await PutAsync(intentKey, me, cancellationToken).ConfigureAwait(false);
        // The lake's own clock, through our intent's LastModified: claim ages never depend on this host's clock.
        var reference = (await _lake.HeadAsync(intentKey, cancellationToken).ConfigureAwait(false))?.LastModified
            ?? throw new LakeException($"The claim '{intentKey}' just written cannot be read back.");

        var claims = await ListAsync(source, date, cancellationToken).ConfigureAwait(false);
        var ticket = claims.Values.Select(c => c.Ticket ?? 0).DefaultIfEmpty(0).Max() + 1;
        await PutAsync(ClaimKeys.Ticket(source, date, ticket, runId), me, cancellationToken).ConfigureAwait(false);

        var deadline = _time.GetUtcNow() + _options.ChoosingTimeout;
        var bodies = new Dictionary<string, ClaimBody?>(StringComparer.Ordinal);
        while (true)
        {
            claims = await ListAsync(source, date, cancellationToken).ConfigureAwait(false);
            var finished = await FinishedRunsAsync(source, date, cancellationToken).ConfigureAwait(false);
            var competitors = new List<ClaimState>();
            foreach (var claim in claims.Values)
            {
                if (claim.RunId == runId || claim.Intent is null || claim.Released || finished.Contains(claim.RunId)
                    || claim.Intent.LastModified < reference - _options.Ttl)
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
                    return new ClaimOutcome(false, choosing.RunId, $"run {choosing.RunId} announced itself but took no ticket within {_options.ChoosingTimeout}");
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
            _logger.LogWarning("claim_unreadable: {Key}: {Message}", key, e.Message);
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
