using Landfall.Runs;

namespace Landfall.Status;

/// <summary>
/// The audit trail: every manifest, newest date first, then by source, then newest run first within a (source, date), the
/// latest of each marked. Sources removed from the config keep their trail.
/// </summary>
internal sealed class HistoryReader(Workspace workspace)
{
    /// <summary>How many (source, date) trails are read together.</summary>
    private const int BatchDates = 256;

    public async Task<IReadOnlyList<HistoryEntry>> ReadAsync(HistoryRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Limit is < 1)
        {
            throw new InvalidRequestException($"--limit {request.Limit} must be at least 1.");
        }
        var store = workspace.Manifests;
        var sources = await workspace.SelectWithManifestsAsync(request.Sources, cancellationToken).ConfigureAwait(false);
        var trails = new List<(string Source, DateOnly Date, List<Lake.LakeObjectInfo> Objects)>();
        var listings = await store.ListBySourcesAsync(sources, cancellationToken).ConfigureAwait(false);
        foreach (var source in sources)
        {
            foreach (var (day, objects) in listings[source])
            {
                if (request.Date is not { } only || day == only)
                {
                    trails.Add((source, day, objects));
                }
            }
        }
        var entries = new List<HistoryEntry>();
        // Newest date first; only as many dates are read as the limit can need (each date has at least one manifest), in batches
        // whose reads are in flight together.
        var ordered = trails.OrderByDescending(t => t.Date).ThenBy(t => t.Source, StringComparer.Ordinal).ToList();
        for (var at = 0; at < ordered.Count && !(entries.Count >= request.Limit);)
        {
            var take = Math.Min(request.Limit is { } l ? l - entries.Count : int.MaxValue, BatchDates);
            var batch = ordered.Skip(at).Take(take).ToList();
            at += batch.Count;
            var reads = await store.ReadGroupsAsync(batch.Select(t => (IReadOnlyList<Lake.LakeObjectInfo>)t.Objects).ToList(), cancellationToken)
                .ConfigureAwait(false);
            for (var b = 0; b < batch.Count; b++)
            {
                for (var i = 0; i < reads[b].Count; i++)
                {
                    entries.Add(HistoryEntry.From(batch[b].Source, batch[b].Date, reads[b][i], latest: i == 0, workspace.Time.GetUtcNow()));
                }
            }
        }
        return request.Limit is { } limit ? entries.Take(limit).ToList() : entries;
    }
}
