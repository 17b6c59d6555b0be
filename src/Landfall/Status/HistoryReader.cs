using Landfall.Ledger;
using Landfall.Planning;
using static Landfall.RequestProperties;

namespace Landfall.Status;

/// <summary>
/// The audit trail: every manifest, newest date first, then by source, then newest run first within a (source, date), the
/// latest of each marked. Sources removed from the config keep their trail.
/// </summary>
internal sealed class HistoryReader(Workspace workspace)
{
    public async Task<IReadOnlyList<HistoryEntry>> ReadAsync(HistoryRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Limit is < 1)
        {
            throw new InvalidRequestException($"{Limit} {request.Limit} must be at least 1.");
        }
        var sources = await workspace.SelectWithManifestsAsync(request.Sources, cancellationToken).ConfigureAwait(false);
        var trails = new List<(SourceLedger Ledger, DateOnly Date)>();
        foreach (var ledger in await workspace.Ledger.ListAsync(sources, withIndex: true, cancellationToken).ConfigureAwait(false))
        {
            foreach (var day in ledger.Dates.Keys)
            {
                if (request.Date is not { } only || day == only)
                {
                    trails.Add((ledger, day));
                }
            }
        }
        var entries = new List<HistoryEntry>();
        // Newest date first; only as many dates are read as the limit can need (each date has at least one manifest), in batches
        // whose reads are in flight together.
        var ordered = trails.OrderByDescending(t => t.Date).ThenBy(t => t.Ledger.Source, StringComparer.Ordinal).ToList();
        for (var at = 0; at < ordered.Count && !(entries.Count >= request.Limit);)
        {
            var take = Math.Min(request.Limit is { } l ? l - entries.Count : int.MaxValue, Tuning.HistoryDatesPerBatch);
            var batch = ordered.Skip(at).Take(take).ToList();
            at += batch.Count;
            var reads = await workspace.Ledger.AllByDateAsync(batch, cancellationToken).ConfigureAwait(false);
            for (var b = 0; b < batch.Count; b++)
            {
                for (var i = 0; i < reads[b].Count; i++)
                {
                    entries.Add(HistoryEntry.From(batch[b].Ledger.Source, batch[b].Date, reads[b][i], latest: i == 0, workspace.Time.GetUtcNow()));
                }
            }
        }
        return request.Limit is { } limit ? entries.Take(limit).ToList() : entries;
    }
}
