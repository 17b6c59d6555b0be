using Landfall.Runs;

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
            throw new InvalidRequestException($"--limit {request.Limit} must be at least 1.");
        }
        var store = workspace.Manifests;
        var sources = await workspace.SelectWithManifestsAsync(request.Sources, cancellationToken).ConfigureAwait(false);
        var trails = new List<(string Source, DateOnly Date, List<Lake.LakeObjectInfo> Objects)>();
        foreach (var source in sources)
        {
            foreach (var (day, objects) in await store.ListBySourceAsync(source, cancellationToken).ConfigureAwait(false))
            {
                if (request.Date is not { } only || day == only)
                {
                    trails.Add((source, day, objects));
                }
            }
        }
        var entries = new List<HistoryEntry>();
        // Newest date first; only as many dates are read as the limit can need.
        foreach (var (source, day, objects) in trails.OrderByDescending(t => t.Date).ThenBy(t => t.Source, StringComparer.Ordinal))
        {
            if (entries.Count >= request.Limit)
            {
                break;
            }
            var reads = await store.ReadManyAsync(objects, cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < reads.Count; i++)
            {
                entries.Add(HistoryEntry.From(source, day, reads[i], latest: i == 0, workspace.Time.GetUtcNow()));
            }
        }
        return request.Limit is { } limit ? entries.Take(limit).ToList() : entries;
    }
}
