using System.Text.Json;
using Landfall.Lake;
using Landfall.Layout;

namespace Landfall.Claims;

/// <summary>
/// The claim decided by the store itself, on a lake that creates atomically: the run that creates the next generation of the
/// well-known holder key wins, and the store refuses every other create of that key. A new generation may be created only when the
/// newest holder is no longer live (finished, released, its lease run out, or its process gone from this host), by the same rules
/// as the bakery; intents, heartbeats and leases are the bakery's. docs/concurrency.md has the argument.
/// </summary>
internal sealed partial class ClaimStore
{
    private async Task<ClaimOutcome> DecideByCreateAsync(IAtomicCreateLake lake, string source, DateOnly date, ClaimBody me, string intentKey,
        CancellationToken cancellationToken)
    {
        // The lake's own clock, through our intent's Last-Modified, as in the bakery.
        var reference = (await _lake.HeadAsync(intentKey, cancellationToken).ConfigureAwait(false))?.LastModified
            ?? throw new LakeException($"The claim '{intentKey}' just written cannot be read back.");
        var (generation, newest) = await NewestHolderAsync(source, date, cancellationToken).ConfigureAwait(false);
        string? previous = null;
        if (newest is not null)
        {
            var holder = await ReadBodyAsync(newest.Key, cancellationToken).ConfigureAwait(false);
            if (holder is null)
            {
                // Unreadable counts as live: it can only delay a run, never let two in.
                return new ClaimOutcome(false, null, $"claim generation {generation} is unreadable; counted as live");
            }
            if (await LiveReasonAsync(source, date, holder, newest, reference, cancellationToken).ConfigureAwait(false) is { } live)
            {
                return new ClaimOutcome(false, holder.RunId, $"run {holder.RunId} holds claim generation {generation} ({live})");
            }
            previous = holder.RunId;
        }
        var next = generation + 1;
        var key = ClaimKeys.Holder(source, date, next);
        using var body = new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(me, ClaimJsonContext.Default.ClaimBody), writable: false);
        if (await lake.TryCreateAsync(key, body, "application/json", cancellationToken).ConfigureAwait(false) is not null)
        {
            return new ClaimOutcome(true, me.RunId, previous is null
                ? $"created claim generation {next}"
                : $"created claim generation {next}, taking over from run {previous} whose claim is no longer live");
        }
        var winner = await ReadBodyAsync(key, cancellationToken).ConfigureAwait(false);
        return new ClaimOutcome(false, winner?.RunId, $"run {winner?.RunId ?? "(unreadable)"} created claim generation {next} first");
    }

    private async Task<(long Generation, LakeObjectInfo? Newest)> NewestHolderAsync(string source, DateOnly date, CancellationToken cancellationToken)
    {
        var prefix = ClaimKeys.HolderPrefix(source, date);
        (long Generation, LakeObjectInfo? Newest) best = (0, null);
        await foreach (var obj in _lake.ListObjectsAsync(prefix, cancellationToken).ConfigureAwait(false))
        {
            if (ClaimKeys.HolderGeneration(obj.Key[prefix.Length..]) is { } g && g > best.Generation)
            {
                best = (g, obj);
            }
        }
        return best;
    }

    /// <summary>Why the holder's claim is still live, or null when it is not (the rules of the bakery's competitors).</summary>
    private async Task<string?> LiveReasonAsync(string source, DateOnly date, ClaimBody holder, LakeObjectInfo holderObject,
        DateTimeOffset reference, CancellationToken cancellationToken)
    {
        if ((await FinishedRunsAsync(source, date, cancellationToken).ConfigureAwait(false)).Contains(holder.RunId))
        {
            return null;
        }
        var claims = await ListAsync(source, date, cancellationToken).ConfigureAwait(false);
        claims.TryGetValue(holder.RunId, out var state);
        if (state is { Released: true })
        {
            return null;
        }
        // Renewed when it created the holder, wrote its intent, or a heartbeat: the newest of these by the lake's clock.
        var renewed = holderObject.LastModified;
        if (state?.Intent is { } intent && intent.LastModified > renewed)
        {
            renewed = intent.LastModified;
        }
        if (state?.NewestHeartbeat is { } beat && beat > renewed)
        {
            renewed = beat;
        }
        if (renewed < reference - _options.Lease)
        {
            return null;
        }
        if (holder.IsDeadProcessOnThisHost())
        {
            return null;
        }
        return $"last renewed {(reference - renewed).TotalSeconds:0} s before this run's intent, within the {_options.Lease.TotalSeconds:0} s lease";
    }
}
